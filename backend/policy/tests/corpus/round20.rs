//! Dangerous command lines, twentieth set.
//! Everywhere: a broad wildcard (`*`, `*.yml`) into an application's own directory may expand
//! to a file known to hold secrets by its name (`database.yml`, `wp-config.php`, `acme.json`)
//! and is judged as that name is (high); in the system's packaged places
//! (`/etc/nginx/conf.d/*.conf`, `/var/log/*.log`) it keeps the level of a wildcard.
//! Each line gets at least its level (on both paths for `KINDS`, through `ssh_exec` for
//! `REMOTE_KINDS`); `STILL_LOW` holds their everyday neighbours, which stay low on both paths,
//! and `CONTAINED_STILL_LOW` what stays low on this host only. Listed in docs/policies.md.

use crate::kinds::Kind;
use warden_policy::RiskLevel::High;

pub const REMOTE_KINDS: &[Kind] = &[];

pub const KINDS: &[Kind] = &[Kind {
    name: "broad-wildcards-into-application-directories",
    lines: &[
        ("cat /srv/app/config/*.yml", High),
        ("cat /srv/app/config/*.yaml", High),
        ("cat /srv/app/config/*", High),
        ("grep -i password /srv/app/config/*.yml", High),
        ("cat /opt/app/config/*.json", High),
        ("cat /var/www/html/*.php", High),
        ("head -n 20 /home/deploy/app/config/*.yml", High),
        ("cat config/*.yml", High),
        ("cat /etc/myapp/*.conf", High),
        ("cat /etc/myapp/*", High),
    ],
}];

pub const STILL_LOW: &[&str] = &[
    "ls /srv/app/config",
    "ls -l /var/www/html",
    "stat /srv/app/config/app.yml",
];

pub const CONTAINED_STILL_LOW: &[&str] = &[];
