//! D-Bus clients that send messages of the line's choosing: `dbus-send`, `gdbus`, `qdbus` (and
//! `qdbus-qt5`, `qdbus6`), `dbus-monitor`, and `varlinkctl call` (systemd's Varlink services).
//! A method call can do anything its service offers: logind reboots and powers off
//! (`org.freedesktop.login1.Manager.Reboot`), systemd starts and stops units, and calling a name the bus can activate starts its service. So every message is
//! at least medium, and high where the bus is the system bus or the destination a service known
//! to change the system (systemd's, logind's, NetworkManager's, polkit's...) on any bus (a user's
//! systemd starts programs as the user). Only questions to the bus daemon itself
//! (`org.freedesktop.DBus` `ListNames`, `ListActivatableNames`, `NameHasOwner`,
//! `GetNameOwner`), which activate nothing, are low, and `qdbus` alone, which asks the same.
//! Recording every message (`dbus-monitor`, `gdbus monitor`) is high, as `busctl monitor` is:
//! secrets pass on the bus. `busctl` is judged with the system's tools (`services.rs`): `call`,
//! `emit`, `set-property` and anything but its listing verbs are high.

use super::{Ctx, Judgement};
use crate::level::RiskLevel;

/// Services that change the system when asked: a message to one is high on any bus.
const STATE_CHANGING: &[&str] = &[
    "org.freedesktop.systemd1",
    "org.freedesktop.login1",
    "org.freedesktop.NetworkManager",
    "org.freedesktop.PolicyKit1",
    "org.freedesktop.PackageKit",
    "org.freedesktop.UDisks2",
    "org.freedesktop.hostname1",
    "org.freedesktop.timedate1",
    "org.freedesktop.locale1",
    "org.freedesktop.machine1",
    "org.freedesktop.import1",
    "org.freedesktop.portable1",
    "org.freedesktop.network1",
    "org.freedesktop.resolve1",
    "org.freedesktop.home1",
    "org.freedesktop.Accounts",
    "org.freedesktop.UPower",
    "org.freedesktop.fwupd",
    "org.freedesktop.Flatpak",
    "org.freedesktop.ScreenSaver",
    "org.freedesktop.PowerManagement",
    "org.gnome.SessionManager",
    "org.kde.ksmserver",
    "org.kde.Shutdown",
    "fi.w1.wpa_supplicant1",
    "org.bluez",
    "net.reactivated.Fprint",
    "com.redhat.tuned",
    "org.fedoraproject.FirewallD1",
];

/// The bus daemon's own name: questions to it activate no service.
const BUS: &str = "org.freedesktop.DBus";

/// The bus daemon's methods that only list or look up names.
const LISTING_METHODS: &[&str] = &[
    "ListNames",
    "ListActivatableNames",
    "NameHasOwner",
    "GetNameOwner",
    "ListQueuedOwners",
];

/// What one message of a D-Bus client is known to be about.
#[derive(Debug, Default)]
struct Message<'a> {
    system: bool,
    unknown_bus: bool,
    dest: Option<&'a str>,
    member: Option<&'a str>,
}

impl Message<'_> {
    /// The level of sending it: low only for the bus daemon's listings.
    fn judge(&self, program: &str) -> Judgement {
        let listing = self.dest == Some(BUS)
            && !self.unknown_bus
            && self.member.is_some_and(|member| {
                let method = member.rsplit('.').next().unwrap_or(member);
                let interface = member.rsplit_once('.').map(|(i, _)| i);
                LISTING_METHODS.contains(&method) && interface.is_none_or(|i| i == BUS)
            });
        if listing {
            return Judgement::low("lists the names on the bus");
        }
        // The bus daemon's other methods start services (`StartServiceByName`), set the
        // environment they start with (`UpdateActivationEnvironment LD_PRELOAD=…`) or watch
        // every message (`BecomeMonitor`).
        if self.dest == Some(BUS) {
            return Judgement::new(
                RiskLevel::High,
                format!(
                    "{program} asks the bus daemon to start services, set their environment or watch its messages"
                ),
            );
        }
        let changing = self
            .dest
            .and_then(|dest| {
                STATE_CHANGING
                    .iter()
                    .find(|known| dest == **known || dest.starts_with(&format!("{known}.")))
            })
            .copied();
        if let Some(service) = changing {
            return Judgement::new(
                RiskLevel::High,
                format!(
                    "{program} calls {service}, a service that changes the system when asked (reboot, units, networks)"
                ),
            );
        }
        if self.system || self.unknown_bus {
            return Judgement::new(
                RiskLevel::High,
                format!(
                    "{program} sends a message on the system bus (or one named by address), whose services change the system when asked"
                ),
            );
        }
        Judgement::new(
            RiskLevel::Medium,
            format!(
                "{program} sends a D-Bus message: the service it reaches does what it is asked, and an activatable name starts its service"
            ),
        )
    }
}

/// `--name=value` or `--name value` (`-n value`, `-nvalue`): the value and the words taken.
fn valued<'a>(args: &'a [String], i: usize, names: &[&str]) -> Option<(&'a str, usize)> {
    let word = args.get(i)?.as_str();
    for name in names {
        if let Some(long) = name.strip_prefix("--") {
            if let Some(value) = word
                .strip_prefix("--")
                .and_then(|rest| rest.strip_prefix(long))
                .and_then(|rest| rest.strip_prefix('='))
            {
                return Some((value, 1));
            }
            if word == *name {
                return args.get(i + 1).map(|value| (value.as_str(), 2));
            }
        } else if let Some(rest) = word.strip_prefix(name) {
            if rest.is_empty() {
                return args.get(i + 1).map(|value| (value.as_str(), 2));
            }
            return Some((rest, 1));
        }
    }
    None
}

fn dbus_send<'a>(args: &'a [String]) -> Result<Message<'a>, String> {
    let mut message = Message::default();
    let mut i = 0;
    let mut operands = Vec::new();
    while let Some(word) = args.get(i) {
        let word = word.as_str();
        if operands.is_empty() && word.starts_with("--") {
            if word == "--system" {
                message.system = true;
            } else if word == "--session"
                || word == "--print-reply"
                || word.starts_with("--print-reply=")
                || word.starts_with("--reply-timeout=")
                || word.starts_with("--type=")
                || word == "--help"
            {
            } else if let Some(dest) = word.strip_prefix("--dest=") {
                message.dest = Some(dest);
            } else if word.starts_with("--bus=")
                || word.starts_with("--address=")
                || word.starts_with("--peer=")
                || word.starts_with("--sender=")
            {
                message.unknown_bus = true;
            } else {
                return Err(format!("dbus-send {word} is not an option Warden knows"));
            }
        } else {
            operands.push(word);
        }
        i += 1;
    }
    // OBJECT_PATH INTERFACE.MEMBER [CONTENTS...]
    message.member = operands.get(1).copied();
    Ok(message)
}

fn gdbus<'a>(args: &'a [String]) -> Result<(Option<&'a str>, Message<'a>, bool), String> {
    let command = args.first().map(String::as_str);
    let mut message = Message::default();
    let mut properties = false;
    let mut i = 1;
    while i < args.len() {
        let word = args[i].as_str();
        if matches!(word, "-y" | "--system") {
            message.system = true;
        } else if matches!(word, "-e" | "--session") {
        } else if let Some((value, taken)) = valued(args, i, &["--dest", "-d"]) {
            message.dest = Some(value);
            i += taken;
            continue;
        } else if let Some((value, taken)) = valued(args, i, &["--method", "-m"]) {
            message.member = Some(value);
            i += taken;
            continue;
        } else if let Some((_, taken)) = valued(args, i, &["--address", "-a"]) {
            message.unknown_bus = true;
            i += taken;
            continue;
        } else if let Some((_, taken)) =
            valued(args, i, &["--object-path", "-o", "--timeout", "-t"])
        {
            i += taken;
            continue;
        } else if matches!(word, "-p" | "--only-properties") {
            properties = true;
        } else if matches!(word, "-x" | "--xml" | "-r" | "--recurse") {
        } else if word.starts_with('-') && command != Some("call") {
            return Err(format!("gdbus {word} is not an option Warden knows"));
        }
        i += 1;
    }
    Ok((command, message, properties))
}

/// The verdict for a D-Bus client, or None when `name` is not one.
pub fn judge(_ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    Some(match name {
        // systemd's Varlink services (`io.systemd.Manager`, `io.systemd.Hostname`...) act when
        // called, as their D-Bus twins do.
        "varlinkctl" if args.iter().any(|a| a == "call") => {
            let systemd = args
                .iter()
                .any(|a| a.contains("io.systemd") || a.starts_with("/run/systemd"));
            if systemd {
                Judgement::new(
                    RiskLevel::High,
                    "varlinkctl call calls a systemd service, which changes the system when asked",
                )
            } else {
                Judgement::new(
                    RiskLevel::Medium,
                    "varlinkctl call: the service it reaches does what it is asked",
                )
            }
        }
        "dbus-monitor" => Judgement::new(
            RiskLevel::High,
            "dbus-monitor records every D-Bus message, secrets included",
        ),
        "dbus-send" => match dbus_send(args) {
            Ok(message) => message.judge(name),
            Err(why) => Judgement::new(RiskLevel::High, why),
        },
        "gdbus" => match gdbus(args) {
            Ok((Some("help") | None, _, _)) => Judgement::low("prints its usage"),
            Ok((Some("monitor"), _, _)) => Judgement::new(
                RiskLevel::High,
                "gdbus monitor records every message of a service, secrets included",
            ),
            Ok((Some("call"), message, _)) => message.judge("gdbus call"),
            Ok((Some("introspect"), message, properties)) => {
                // Introspecting a name the bus can activate starts its service; the properties'
                // values (`-p`) are what `busctl introspect` prints (a manager's environment).
                let mut j = Message {
                    member: Some("org.freedesktop.DBus.Introspectable.Introspect"),
                    ..message
                }
                .judge("gdbus introspect");
                if properties && message.system {
                    j.raise(
                        RiskLevel::High,
                        "gdbus introspect -p prints every property's value, the service manager's environment included",
                    );
                }
                j.raise(
                    RiskLevel::Medium,
                    "gdbus introspect starts the service of a name the bus can activate",
                );
                j
            }
            Ok((Some(command), message, _)) => {
                let mut j = message.judge(&format!("gdbus {command}"));
                j.raise(
                    RiskLevel::Medium,
                    format!("gdbus {command} is not known to be read-only"),
                );
                j
            }
            Err(why) => Judgement::new(RiskLevel::High, why),
        },
        "qdbus" | "qdbus-qt5" | "qdbus-qt6" | "qdbus6" => {
            let mut message = Message::default();
            let mut operands = Vec::new();
            for word in args {
                match word.as_str() {
                    "--system" => message.system = true,
                    "--literal" => {}
                    other if other.starts_with('-') && operands.is_empty() => {
                        return Some(Judgement::new(
                            RiskLevel::High,
                            format!("{name} {other} is not an option Warden knows"),
                        ));
                    }
                    other => operands.push(other),
                }
            }
            match operands.as_slice() {
                // The names on the bus: `ListNames`.
                [] => Judgement::low("lists the names on the bus"),
                // A service's objects or an object's methods: it introspects, which activates.
                [service] | [service, _] => {
                    let mut j = Message {
                        dest: Some(service),
                        member: Some("org.freedesktop.DBus.Introspectable.Introspect"),
                        ..message
                    }
                    .judge(name);
                    j.raise(
                        RiskLevel::Medium,
                        format!("{name} introspects {service}, which starts the service of a name the bus can activate"),
                    );
                    j
                }
                [service, _, method, ..] => Message {
                    dest: Some(service),
                    member: Some(method),
                    ..message
                }
                .judge(name),
            }
        }
        _ => return None,
    })
}
