//! Thirty-fourth review: what a homelab's mail relay, backup and VPN files, an inference box's
//! keys and a company server's outputs hold. Gaps closed as kinds:
//! - colon-separated credential lines of files known to hold them lose their password: Exim's
//!   `passwd.client` (`host:login:PASS`, `*:login:PASS`), Postfix's `sasl_passwd` with a relay
//!   written bare (`smtp.example.com login:PASS`), s3fs' `ACCESS:SECRET` under any key id,
//!   pgpool's `pool_passwd` (`user:TEXTpass`, `md5...`, `AES...`), sendmail's `authinfo`
//!   (`"P:PASS"`), Heartbeat's `authkeys` (`1 sha1 KEY`), davfs2's `secrets` (`URL login
//!   PASS`) and OpenVPN's inline
//!   `<auth-user-pass>`; a file's name where a host would be (`app.log:ERROR:x`) stays;
//! - one generated value alone, as `cat` prints a key or token file (`authtoken.secret`, `wg
//!   genkey`'s output, `openssl rand -base64 32`, a Secret's value decoded one at a time as
//!   `aHVudGVyMg==`), goes by its shape; hex ids, certificates' DER, IPFS ids, addresses and
//!   words stay;
//! - a value made of words is still a secret: an environment variable's value naming a
//!   secret's words (`APP_SECRET=long-secret-value`), a word of letters after a login command
//!   in a sentence (`vault login mysecrettoken`) or after `password is` (`the root password is
//!   tulipgarden`, also for whom and as it was set: `password for admin is X`, `password for
//!   user 'elastic': X`, `password reset to X`) unless a sentence writes it there (`to`,
//!   `first`, `incorrect`); Elasticsearch's password tools' output (`PASSWORD elastic = X`,
//!   `New value: X`);
//! - ML platforms' logins refused by name (LiteLLM's `proxy_config.yaml`, BentoML's
//!   `.yatai.yaml`, SkyPilot's `sky-key`, dstack's, ZenML's, Harbor CLI's settings).
//!
//! Everyday readings next to them stay as printed.

mod common;

use common::{changed, missed_paths, wrong_redactions};
use pretty_assertions::assert_eq;

#[test]
fn colon_separated_credential_lines_lose_their_password() {
    let cases = [
        // Exim's passwd.client.
        (
            "mail.example.com:relay@example.com:Sup3rS3cret",
            "mail.example.com:relay@example.com:[redacted]",
        ),
        ("*:alice:correcthorsebattery", "*:alice:[redacted]"),
        (
            "*.google.com:alice@gmail.com:abcdwxyzabcdwxyz",
            "*.google.com:alice@gmail.com:[redacted]",
        ),
        (
            "# comment\nsmtp.example.org:bob:letmein\n",
            "# comment\nsmtp.example.org:bob:[redacted]\n",
        ),
        // Postfix's sasl_passwd with its relay written bare.
        (
            "smtp.gmail.com alice@gmail.com:apppassword",
            "smtp.gmail.com alice@gmail.com:[redacted]",
        ),
        // s3fs' passwd-s3fs, with and without its bucket, any key id's shape.
        (
            "AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY",
            "[redacted]",
        ),
        (
            "mybucket:DO00ABCDEFGHIJKLMNOP:Kx9mP2vLq8RtY4wZ7nB3Kx9mP2vLq8RtY4wZ7nB3",
            "mybucket:[redacted]",
        ),
        // pgpool-II's pool_passwd.
        ("alice:TEXTtulipgarden", "alice:[redacted]"),
        ("app:md50123456789abcdef0123456789abcdef", "app:[redacted]"),
        ("app:AESgV8fK2hQ9xLmN3pR7sT1uW4yZ6bC0dE=", "app:[redacted]"),
        // sendmail's authinfo.
        (
            r#"AuthInfo:smtp.example.com "U:alice" "P:tulipgarden" "M:PLAIN""#,
            r#"AuthInfo:smtp.example.com "U:alice" "P:[redacted]" "M:PLAIN""#,
        ),
        (
            r#"AuthInfo:relay "U=alice" "P=tulip garden""#,
            r#"AuthInfo:relay "U=alice" "P=[redacted]""#,
        ),
        // Heartbeat's authkeys.
        ("auth 1\n1 sha1 tulipgardenkey", "auth 1\n1 sha1 [redacted]"),
        (
            "auth 2\n2 md5 anothersecret\n3 crc",
            "auth 2\n2 md5 [redacted]\n3 crc",
        ),
        // davfs2's secrets.
        (
            "https://dav.example.com/remote.php/webdav alice tulipgarden",
            "https://dav.example.com/remote.php/webdav alice [redacted]",
        ),
        (
            "https://cloud.example.com/remote.php/dav/files/alice/ alice \"tulip garden\"",
            "https://cloud.example.com/remote.php/dav/files/alice/ alice [redacted]",
        ),
        // OpenVPN's inline logins.
        (
            "client\n<auth-user-pass>\nalice\ntulipgarden\n</auth-user-pass>\nremote vpn.example.com",
            "client\n<auth-user-pass>\nalice\n[redacted]\n</auth-user-pass>\nremote vpn.example.com",
        ),
        (
            "<http-proxy-user-pass>\nproxyuser\nproxypass\n</http-proxy-user-pass>",
            "<http-proxy-user-pass>\nproxyuser\n[redacted]\n</http-proxy-user-pass>",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn lines_of_the_same_look_stay() {
    let texts = [
        // grep -H and -n, times, addresses, image references.
        "app.log:ERROR:something",
        "config.yml:3:foo",
        "nginx.conf:user:www-data",
        "12:34:56",
        "fe80::1",
        "registry.example.com:5000/app:1.2",
        "0.0.0.0:8080:80",
        "example.com 10.0.0.1:8080",
        // A monitor's and a checker's readings of a URL.
        "https://example.com up 200ms",
        "https://example.com 200 0.123",
        "https://example.com GET 200",
        // Heartbeat's key without a secret, sorted counts.
        "3 crc",
        // The everyday readings.
        "[67210.114507] docker0: port 1(veth1a2b) entered blocking state",
        "[stdout] 2026-12-05T05:24:01Z tick 3",
        "Filesystem      Size  Used Avail Use% Mounted on\n/dev/nvme0n1p2  916G  412G  458G  48% /",
        "root        1234  0.0  0.1 123456  7890 ?        Ss   05:24   0:00 /usr/sbin/sshd -D",
        "CONTAINER ID   IMAGE          COMMAND                  CREATED        STATUS        PORTS     NAMES\n3f2a1b4c5d6e   nginx:latest   \"/docker-entrypoint.…\"   2 hours ago    Up 2 hours    80/tcp    web",
        "Mem:           62Gi        11Gi        31Gi       1.0Gi        19Gi        50Gi",
        "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff",
        r#"192.168.1.10 - - [05/Dec/2026:05:24:01 +0000] "GET /api/v1/status HTTP/1.1" 200 512 "-" "curl/8.5.0""#,
        "Dec 05 05:24:01 box systemd[1]: Started OpenVPN connection to office.",
        r#"{"status":"ok","uptime":12345,"load":[0.12,0.10,0.08]}"#,
        "<auth-user-pass>\n</auth-user-pass>",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn one_generated_value_alone_goes() {
    let cases = [
        // wg genkey, openssl rand -base64 32, an ngrok authtoken, a cookie secret.
        (
            "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n",
            "[redacted]\n",
        ),
        ("Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5", "[redacted]"),
        (
            "2tYxyEDmoa8sVqnQ6nB0Y2hd0kz_7nXAEHUmJ3sPcbMLq2gN",
            "[redacted]",
        ),
        ("Kx9mP2vLq8RtY4wZ7nB3", "[redacted]"),
        // A Secret's value decoded one at a time: base64 of one word.
        ("aHVudGVyMg==", "[redacted]"),
        ("c3VwZXJzZWNyZXQ=\n", "[redacted]\n"),
        // Longer ones go by their format: Elasticsearch's enrollment token.
        (
            "eyJ2ZXIiOiI4LjExLjAiLCJhZHIiOlsiMTcyLjE4LjAuMjo5MjAwIl0sImZnciI6ImFiYyIsImtleSI6ImFiYzpkZWYifQ==",
            "[redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    let texts = [
        // docker run -d, git rev-parse HEAD, /etc/machine-id, a boot id.
        "3f9a1c0e7b2d4a6f8e1c3b5d7f9a0c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a\n",
        "3f9a1c0e7b2d4a6f8e1c3b5d7f9a0c2e4b6d8f0a",
        "0123456789abcdef0123456789abcdef",
        "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        // Names, versions, paths, words, numbers, states.
        "box-01",
        "web-7d9f8b6c5-x2k4p",
        "6.1.0-18-amd64",
        "MyService2024Production",
        "/usr/local/bin/ollama",
        "1733376241",
        "running",
        "active\n",
        // Public values of a random look and base64 of sentences.
        "MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ",
        "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG",
        "0x742d35Cc6634C0532925a3b844Bc454e4438f44e",
        "dGhpcyBpcyBqdXN0IHNvbWUgcGxhaW4gdGV4dCB3aXRob3V0IHNlY3JldHM=",
        // Longer runs are judged by the shapes the passes know.
        "Xk9mQ2vL8pR4Xk9mQ2vL8pR4Xk9mQ2vL8pR4Xk9mQ2vL8pR4w7ZtJQQJ99BATn3Hs8Kd2Lq6Yp1VAZD",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn a_value_made_of_words_is_still_a_secret() {
    let cases = [
        ("APP_SECRET=long-secret-value", "APP_SECRET=[redacted]"),
        ("JWT_SECRET=my-jwt-secret", "JWT_SECRET=[redacted]"),
        ("DB_PASSWORD=db-password", "DB_PASSWORD=[redacted]"),
        (
            "I logged in with vault login mysecrettoken yesterday",
            "I logged in with vault login [redacted] yesterday",
        ),
        (
            "Then run bw unlock correcthorse to get a session.",
            "Then run bw unlock [redacted] to get a session.",
        ),
        (
            "Your root password is tulipgardenblue",
            "Your root password is [redacted]",
        ),
        (
            "the wifi password was sunflower",
            "the wifi password was [redacted]",
        ),
        // For whom, and as it was set.
        (
            "The initial password for admin is tulipgarden99",
            "The initial password for admin is [redacted]",
        ),
        (
            "Generated random password for user 'elastic': tulipgarden",
            "Generated random password for user 'elastic': [redacted]",
        ),
        (
            "Grafana admin password reset to tulipgarden",
            "Grafana admin password reset to [redacted]",
        ),
        // Elasticsearch's password tools.
        (
            "Changed password for user elastic\nPASSWORD elastic = 3f0eA9a12B5b7c\n\nChanged password for user kibana_system\nPASSWORD kibana_system = tulipgarden",
            "Changed password for user elastic\nPASSWORD elastic = [redacted]\n\nChanged password for user kibana_system\nPASSWORD kibana_system = [redacted]",
        ),
        (
            "Password for the [elastic] user successfully reset.\nNew value: tulipgarden",
            "Password for the [elastic] user successfully reset.\nNew value: [redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    let texts = [
        // Placeholders, and settings naming which secret to load.
        "API_KEY=replace_me",
        "API_KEY=your-api-key-here",
        "API_KEY=<your-key>",
        "API_KEY=${API_KEY}",
        "secret=db-password",
        "existingSecret: db-password",
        // Sentences.
        "Run wandb login to sign in",
        "use vault login first",
        "You can use cargo login with your token.",
        "To sign in, use the vault login page of the web UI.",
        "The password is incorrect",
        "password is too short",
        "The password is required.",
        "password was expired",
        "Le mot de passe est trop court.",
        "password for alice is incorrect",
        "Failed password for invalid user admin from 1.2.3.4 port 22 ssh2",
        "Failed password for root from 1.2.3.4 port 22 ssh2",
        "[sudo] password for alice:",
        "Password for user postgres: ",
        "Password for the [elastic] user successfully reset.",
        "New value: 5",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn ml_platforms_logins_are_refused() {
    let secret = [
        "/home/u/.config/litellm/proxy_config.yaml",
        "/srv/litellm/proxy_config.yaml",
        "/home/u/.bentoml/.yatai.yaml",
        "/home/u/.sky/ssh/sky-key",
        "/home/u/.dstack/config.yml",
        "/root/.dstack/server/config.yml",
        "/home/u/.config/zenml/config.yaml",
        "/home/u/.zenml/config.yaml",
        "/home/u/.config/harbor-cli/config.yaml",
        "/etc/drone-runner-docker/config",
        "/etc/exim4/passwd.client",
    ];
    assert_eq!(missed_paths(&secret, true), Vec::<String>::new());
    let open = [
        "/home/u/.sky/ssh/sky-key.pub",
        "/srv/app/proxy_config.yaml",
        "/srv/app/config.yml",
        "/etc/ssh/sshd_config",
    ];
    assert_eq!(missed_paths(&open, false), Vec::<String>::new());
}
