//! Programs no other table knows that change what the sandbox only imitates: the boot chain
//! (initial ramdisks, boot loaders, their menus and entries), the account and login settings
//! they check and repair, the dynamic linker's cache, and the registers and firmware of the
//! hardware. Run in the sandbox they would seem to succeed; on the host an administrator never
//! lets them run unattended, so each is high, except the forms that only print.

/// Why `name` with `args` changes the machine, or `None` where it only prints (or is not one
/// of these programs).
pub fn changes(name: &str, args: &[String]) -> Option<&'static str> {
    let base = name.rsplit('/').next().unwrap_or(name);
    let has = |words: &[&str]| args.iter().any(|a| words.contains(&a.as_str()));
    let first = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .map(String::as_str);
    match base {
        // Initial ramdisks and boot loaders: a broken one is a machine that does not boot.
        "mkinitcpio" | "mkinitramfs" | "mkinitrd" | "update-initramfs" | "dracut" | "booster"
        | "grub-install" | "grub2-install" | "grub-mkimage" | "grub2-mkimage" | "grubby"
        | "shim-install" | "zipl" | "lilo" | "elilo" | "extlinux" | "syslinux" | "sbctl"
        | "efibootmgr" | "ukify" | "sbsign" | "grub-set-default" | "grub2-set-default"
        | "grub-reboot" | "grub2-reboot" | "update-grub" | "update-grub2" => {
            if base == "sbctl" && first.is_some_and(|f| matches!(f, "status" | "verify" | "list-files" | "list-keys")) {
                return None;
            }
            Some("rebuilds or changes the boot chain (initial ramdisk, boot loader, its entries or signatures): a broken one leaves a machine that does not boot")
        }
        "grub-mkconfig" | "grub2-mkconfig" => (has(&["-o", "--output"])
            || args.iter().any(|a| a.starts_with("--output=") || a.starts_with("-o")))
        .then_some("writes the boot loader's menu: a broken one leaves a machine that does not boot"),
        "grub-editenv" | "grub2-editenv" => (!args.iter().any(|a| a == "list"))
            .then_some("changes the boot loader's saved settings"),
        "bootctl" => (!first.is_some_and(|f| {
            matches!(f, "status" | "list" | "is-installed" | "--version" | "help")
        }))
        .then_some("installs, removes or changes boot loaders and boot entries"),
        "kernel-install" => (!first.is_some_and(|f| matches!(f, "inspect" | "list")))
            .then_some("adds or removes a kernel from the boot chain"),
        // The account checkers repair what they find unless told to only read (`-r`).
        "pwck" | "grpck" => (!has(&["-r", "--read-only"]))
            .then_some("checks the account database and changes it to fix what it finds"),
        "ldconfig" => (!has(&["-p", "--print-cache", "-V", "--version", "--help"]))
            .then_some("rewrites the dynamic linker's cache, which every program's libraries are found by"),
        "pam-auth-update" | "authconfig" | "authselect" | "mkhomedir_helper"
        | "update-ca-certificates" | "update-ca-trust" | "systemd-machine-id-setup" => {
            if base == "authselect"
                && first.is_some_and(|f| matches!(f, "current" | "list" | "check" | "show" | "test"))
            {
                return None;
            }
            Some("changes how the machine logs users in or whom it trusts")
        }
        // Registers and firmware of the hardware: a wrong value hangs or bricks a device.
        "wrmsr" | "i2cset" | "i2ctransfer" | "nvram" | "flint" | "mstflint" | "mlxburn"
        | "isdct" | "intelmas" | "sedutil-cli" | "fwupdtool" | "amdflash" | "afulnx_64"
        | "vbetool" => {
            Some("writes a device's registers or firmware: a wrong value hangs the machine or bricks the device")
        }
        "isaset" | "outb" | "outw" | "outl" => {
            Some("writes a device's I/O ports: a wrong value hangs the machine or bricks the device")
        }
        // Build tools told to install copy what they built into the system's directories
        // (`/usr/local` by default, `/usr` with a prefix), outside any sandbox's reach.
        "make" | "gmake" | "ninja" | "meson" | "scons" | "cmake" | "samu"
            if args
                .iter()
                .any(|a| matches!(a.as_str(), "install" | "--install" | "uninstall")) =>
        {
            Some("installs what it built into the system's program and library directories")
        }
        // setpci reads a register named alone and writes one given `=VALUE` (or a file of them).
        "setpci" => args
            .iter()
            .any(|a| a.contains('=') || a == "-f")
            .then_some("writes a PCI device's configuration registers: a wrong value hangs the machine or bricks the device"),
        "efivar" => args
            .iter()
            .any(|a| matches!(a.as_str(), "-w" | "--write" | "-a" | "--append" | "-d" | "--delete") || a.starts_with("--write") || a.starts_with("--append"))
            .then_some("writes the firmware's variables, which the machine starts with"),
        _ => None,
    }
}

/// Whether `name` with `args` writes physical memory, as a write to `/dev/mem` does (`devmem
/// ADDR WIDTH VALUE`, `devmem2 ADDR TYPE VALUE`, `memtool mw`): the kernel's and every
/// process's memory, or a device's registers, overwritten.
pub fn writes_memory(name: &str, args: &[String]) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    let operands = args.iter().filter(|a| !a.starts_with('-')).count();
    match base {
        "devmem" | "devmem2" => operands >= 3,
        "memtool" => args.iter().any(|a| a.starts_with("mw")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::changes;

    fn judged(line: &str) -> bool {
        let words: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
        changes(&words[0], &words[1..]).is_some()
    }

    #[test]
    fn changers_and_the_forms_that_only_print() {
        for line in [
            "mkinitcpio -P",
            "pwck -s",
            "grpck",
            "ldconfig -f /tmp/x.conf",
            "grub-mkconfig -o /boot/grub/grub.cfg",
            "bootctl install",
            "kernel-install add 6.1 /boot/vmlinuz",
            "setpci -s 00:02.0 COMMAND=0",
            "wrmsr 0x1a0 0",
            "i2cset -y 1 0x50 0 0",
            "nvram --set x=y",
            "efivar -w -n x -f y",
        ] {
            assert!(judged(line), "{line}");
        }
        for line in [
            "pwck -r",
            "ldconfig -p",
            "grub-mkconfig",
            "bootctl status",
            "kernel-install inspect",
            "setpci -s 00:02.0 COMMAND",
            "efivar -l",
            "devmem 0xfed00000",
            "sbctl status",
            "authselect current",
        ] {
            assert!(!judged(line), "{line}");
        }
    }
}
