//! Dangerous command lines, thirty-eighth set: three kinds left open by the last rounds.
//! - The journal of a unit anyone may name: `journalctl -u NAME` also selects the service
//!   manager's lines about NAME (`Started NAME.service - DESCRIPTION.`), and a unit
//!   `systemd-run --unit=NAME` made is described by the command line it runs
//!   (`mysqldump -pPASS`), whatever NAME is; round 28 caught only the names systemd-run makes
//!   up (`run-u7`). Where nothing contains the command (`ssh_exec`), a `-u`/`--unit`/
//!   `--user-unit` value or a `UNIT=`/`USER_UNIT=` match is now low only for names packages
//!   ship (`programs/unit_names.rs`: `nginx`, `postgresql@14-main`, `php8.2-fpm`,
//!   `systemd-*`) and for the types systemd-run never makes (mounts, swaps, devices, targets);
//!   a scope (`work.scope`, `-u` or `_SYSTEMD_UNIT=`) holds processes started elsewhere (a
//!   shell and the sudo it runs) and keeps nothing narrow. `journalctl _SYSTEMD_UNIT=NAME.service`
//!   (the unit's own output, without the manager's lines) stays low. Contained, command lines
//!   stay low as `ps aux` does (`programs/cmdlines.rs`).
//! - Requests that change a service: `curl -X DELETE http://localhost:9200/x`, `-d`, `-F`,
//!   `--json`, `-T`, `wget --post-data`, `http DELETE …`, `xh post …` were the medium of a
//!   transfer, as if the sandbox contained them; it contains nothing of a change made on the
//!   service (and has no network at all, so the medium only fails). Methods are judged by a
//!   positive set (`GET`, `HEAD`, `OPTIONS`, exactly spelled; `programs/requests.rs`): any
//!   other method, a body without a reading method, a method override header, headers read
//!   from a file, httpie and xh without a method or `-I` (their input becomes a POST body),
//!   `POST` (libwww-perl), `grpcurl` calling a method: high, on both paths.
//! - Capture files in every cluster: `tshark -nw /etc/passwd` and `dumpcap -qPw /etc/passwd`
//!   were high, not forbidden: tshark's and dumpcap's `-w` was found only where it started
//!   its word, though getopt lets flags come before it as tcpdump's does. Each program's valued
//!   letters are now known (`net.rs`), and tshark's `--export-objects PROTO,DIR`,
//!   `--export-tls-session-keys`, `--log-file` and a preference naming a file
//!   (`-o tls.debug_file:/x`) are judged as writes. A capture itself stays high on both paths:
//!   it prints or saves what crosses the wire (plain protocols' passwords, cookies, tokens),
//!   needs root or CAP_NET_RAW (contained it would only fail), and its file keeps all of it
//!   for whoever can read that file.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{Forbidden, High};

/// Lines judged at least this on both paths.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "http-requests-that-change-services",
        lines: &[
            (r##"curl -X DELETE http://localhost:9200/index"##, High),
            (r##"curl -XDELETE http://127.0.0.1:3000/users/1"##, High),
            (r##"curl --request DELETE http://localhost/x"##, High),
            (r##"curl --request=PUT http://localhost/x"##, High),
            (r##"curl --req PATCH http://localhost/x"##, High),
            (r##"curl --reque=PURGE http://localhost/x"##, High),
            (r##"curl -sX POST http://localhost/x"##, High),
            (r##"curl -sSfLX DELETE localhost:8500/v1/kv/x"##, High),
            (r##"curl -X GET -X DELETE http://localhost/x"##, High),
            (r##"curl -X get http://localhost/x"##, High),
            (r##"curl -X 'DELETE' http://[::1]:9000/x"##, High),
            (r##"curl -d a=b http://localhost/x"##, High),
            (r##"curl -da=b http://localhost/x"##, High),
            (r##"curl -sd @body.json http://localhost/x"##, High),
            (r##"curl --data a=b http://localhost/x"##, High),
            (r##"curl --data-raw a http://localhost/x"##, High),
            (r##"curl --data-binary a http://localhost/x"##, High),
            (r##"curl --data-urlencode a=b http://localhost/x"##, High),
            (r##"curl --data-ascii a http://localhost/x"##, High),
            (r##"curl -F a=b http://localhost/x"##, High),
            (r##"curl --form a=b http://localhost/x"##, High),
            (r##"curl --form-string a=b http://localhost/x"##, High),
            (r##"curl -T file.txt http://localhost/x"##, High),
            (r##"curl --upload-file file.txt http://localhost/x"##, High),
            (r##"curl --json '{}' http://localhost/x"##, High),
            (r##"curl -G -X POST -d q=x http://localhost/x"##, High),
            (
                r##"curl -H 'X-HTTP-Method-Override: DELETE' http://localhost/x"##,
                High,
            ),
            (r##"curl -H 'x-http-method: PUT' http://localhost/x"##, High),
            (
                r##"curl --header 'X-Method-Override:PATCH' http://localhost/x"##,
                High,
            ),
            (r##"curl -H @headers.txt http://localhost/x"##, High),
            (
                r##"curl -X DELETE https://api.example.com/v1/items/1"##,
                High,
            ),
            (r##"curl -X POST http://10.0.0.5:8080/admin/reload"##, High),
            (r##"sudo curl -X DELETE http://localhost/x"##, High),
            (r##"env curl -XPOST localhost:9200/_flush"##, High),
            (r##"timeout 5 curl -X DELETE http://localhost/x"##, High),
            (r##"wget --method=DELETE http://localhost/x"##, High),
            (r##"wget --method DELETE http://localhost/x"##, High),
            (r##"wget --meth=PUT http://localhost/x"##, High),
            (r##"wget -qO- --method=POST http://localhost/x"##, High),
            (r##"wget --post-data=a=b http://localhost/x"##, High),
            (r##"wget --post-data a=b -O- http://localhost/x"##, High),
            (
                r##"wget --body-data=a --method=PUT http://localhost/x"##,
                High,
            ),
            (r##"wget --body-data=a -O- http://localhost/x"##, High),
            (r##"wget --post-file=f -O- http://localhost/x"##, High),
            (
                r##"wget --header='X-HTTP-Method-Override: DELETE' -O- http://localhost/x"##,
                High,
            ),
            (r##"http DELETE localhost:8080/x"##, High),
            (r##"http delete localhost:8080/x"##, High),
            (r##"http POST localhost:8080/x a=b"##, High),
            (r##"http -I localhost:8080/x a=b"##, High),
            (r##"http -I localhost:8080/x n:=1"##, High),
            (r##"http -I localhost:8080/x f@file.txt"##, High),
            (r##"http localhost:8080/x"##, High),
            (r##"http :8080/x"##, High),
            (
                r##"http -I GET localhost:8080/x X-HTTP-Method-Override:DELETE"##,
                High,
            ),
            (r##"http -I PUT :8080/x"##, High),
            (r##"http --form POST localhost/x a=b"##, High),
            (r##"http -o out.json GET localhost/x"##, High),
            (r##"http --download GET localhost/x"##, High),
            (r##"https DELETE example.com/x"##, High),
            (r##"xh DELETE localhost:8080/x"##, High),
            (r##"xh post localhost:8080/x a=b"##, High),
            (r##"xh localhost:8080/x"##, High),
            (r##"xh -I :8080/x a=b"##, High),
            (r##"xhs PATCH example.com/x"##, High),
            (r##"POST http://localhost/x"##, High),
            (r##"lwp-request -m DELETE http://localhost/x"##, High),
            (r##"lwp-request -mPUT http://localhost/x"##, High),
            (
                r##"grpcurl -plaintext localhost:50051 svc.Admin/DeleteAll"##,
                High,
            ),
            (
                r##"grpcurl -plaintext -d '{}' localhost:50051 svc/Get"##,
                High,
            ),
        ],
    },
    Kind {
        name: "capture-files-in-every-cluster",
        lines: &[
            (r##"tshark -nw /etc/passwd"##, Forbidden),
            (r##"tshark -Pw /etc/passwd"##, Forbidden),
            (r##"tshark -i eth0 -qw /etc/passwd"##, Forbidden),
            (r##"tshark -lnQw/etc/passwd"##, Forbidden),
            (
                r##"tshark -i eth0 -f 'port 80' -nw /etc/shadow"##,
                Forbidden,
            ),
            (r##"dumpcap -nw /etc/passwd"##, Forbidden),
            (r##"dumpcap -qPw /etc/passwd"##, Forbidden),
            (r##"dumpcap -i any -Sw /etc/passwd"##, Forbidden),
            (r##"tcpdump -nw /etc/passwd"##, Forbidden),
            (r##"tcpdump -i any -nnvw /etc/passwd"##, Forbidden),
            (
                r##"tshark -r x.pcap --export-objects http,/etc/cron.d"##,
                High,
            ),
            (
                r##"tshark -r x.pcap --export-objects=http,/tmp/objects"##,
                High,
            ),
            (
                r##"tshark -r x.pcap --export-tls-session-keys /etc/passwd"##,
                Forbidden,
            ),
            (r##"tshark -i eth0 --log-file /etc/passwd"##, Forbidden),
            (
                r##"tshark -i eth0 -o tls.debug_file:/etc/passwd"##,
                Forbidden,
            ),
            (r##"tshark -nw /tmp/a.pcap"##, High),
            (r##"dumpcap -i eth0 -w /tmp/x.pcapng"##, High),
            (r##"tcpdump -i any -w /tmp/x.pcap"##, High),
            (r##"tshark -i eth0"##, High),
            (r##"tshark -r /tmp/x.pcap"##, High),
            (r##"tcpdump -i eth0 -A port 80"##, High),
            (r##"tcpdump -z sh -G 1 -w /tmp/x"##, High),
            (r##"dumpcap -D"##, High),
        ],
    },
];

/// Lines judged at least this through `ssh_exec`.
pub const REMOTE_KINDS: &[Kind] = &[Kind {
    name: "journals-of-units-anyone-may-name",
    lines: &[
        (r##"journalctl -u backup"##, High),
        (r##"journalctl -u db-backup.service"##, High),
        (r##"journalctl --unit=mytask"##, High),
        (r##"journalctl --unit mytask -n 50"##, High),
        (r##"journalctl --uni=mytask --no-pager"##, High),
        (r##"journalctl -umytask"##, High),
        (r##"journalctl -u myapp -o cat"##, High),
        (r##"journalctl -u runner"##, High),
        (r##"journalctl -u x"##, High),
        (r##"journalctl -u nginx -u backup"##, High),
        (r##"journalctl -u backup -u nginx"##, High),
        (r##"journalctl -u backup.timer"##, High),
        (r##"journalctl -u nightly.path"##, High),
        (r##"journalctl -u listener.socket"##, High),
        (r##"journalctl -u work.scope"##, High),
        (r##"journalctl -u nginx.scope"##, High),
        (r##"journalctl _SYSTEMD_UNIT=work.scope"##, High),
        (r##"journalctl -u app.conf"##, High),
        (r##"journalctl --user-unit backup"##, High),
        (r##"journalctl --user -u backup"##, High),
        (r##"journalctl UNIT=backup.service"##, High),
        (r##"journalctl USER_UNIT=backup.service"##, High),
        (r##"journalctl unit=backup.service"##, High),
        (r##"journalctl OBJECT_SYSTEMD_UNIT=backup.service"##, High),
        (r##"journalctl COREDUMP_UNIT=backup.service"##, High),
        (r##"journalctl _PID=1"##, High),
        (r##"journalctl -u backup -b -1 -p info"##, High),
        (r##"sudo journalctl -u backup"##, High),
        (r##"journalctl -u php-evil-fpm"##, High),
        (r##"journalctl -u systemd-"##, High),
        (r##"journalctl -u postgresql-backup"##, High),
        (r##"journalctl -u ceph-backup"##, High),
        (r##"journalctl -u nginx-backup"##, High),
        (r##"journalctl -u php-backup-fpm"##, High),
        (r##"journalctl -u 'backup\x2d1'"##, High),
        (r##"http GET localhost:8080/x"##, High),
        (r##"xh -I GET localhost:8080/x"##, High),
    ],
}];

/// Reading forms low on both paths.
pub const STILL_LOW: &[&str] = &[
    r##"journalctl -u nginx"##,
    r##"journalctl -u nginx.service --no-pager"##,
    r##"journalctl -u docker"##,
    r##"journalctl -u docker.socket"##,
    r##"journalctl -u postgresql@14-main"##,
    r##"journalctl -u postgresql-16"##,
    r##"journalctl -u php8.2-fpm"##,
    r##"journalctl -u systemd-logind"##,
    r##"journalctl -u systemd-resolved -n 20"##,
    r##"journalctl -u NetworkManager"##,
    r##"journalctl -u apt-daily.timer"##,
    r##"journalctl -u run-user-1000.mount"##,
    r##"journalctl -u multi-user.target"##,
    r##"journalctl -u nginx -u redis-server"##,
    r##"journalctl _SYSTEMD_UNIT=backup.service"##,
    r##"journalctl _SYSTEMD_UNIT=myapp.service -n 50"##,
    r##"journalctl _SYSTEMD_USER_UNIT=app.service"##,
    r##"journalctl -t backup"##,
    r##"journalctl SYSLOG_IDENTIFIER=myapp"##,
    r##"journalctl UNIT=nginx.service"##,
    r##"journalctl -u backup --disk-usage"##,
];

/// Reading forms low where containment holds them (`run_command`): command lines are what
/// `ps aux` prints there.
pub const CONTAINED_STILL_LOW: &[&str] = &[
    r##"journalctl -u backup"##,
    r##"journalctl --unit=mytask"##,
    r##"journalctl -u work.scope"##,
    r##"journalctl UNIT=backup.service"##,
    r##"journalctl --user-unit backup"##,
];

/// Requests that only read: the network transfer's medium on this host (nothing lower, since
/// they reach the network; nothing higher, since they change nothing).
pub const STILL_MEDIUM: &[&str] = &[
    r##"curl http://localhost/health"##,
    r##"curl -s http://127.0.0.1:9090/metrics"##,
    r##"curl -I http://localhost/"##,
    r##"curl -X GET http://localhost/health"##,
    r##"curl -XHEAD http://localhost/health"##,
    r##"curl --request OPTIONS http://localhost/health"##,
    r##"curl -G -d q=x http://localhost/search"##,
    r##"curl -G --data-urlencode 'q=a b' http://localhost/search"##,
    r##"curl -X GET -d '{"query":{}}' http://localhost:9200/_search"##,
    r##"curl -H 'Accept: application/json' http://localhost/x"##,
    r##"curl -H 'X-HTTP-Method-Override: GET' http://localhost/x"##,
    r##"curl https://example.com"##,
    r##"wget -qO- http://localhost/x"##,
    r##"wget -O- --method=GET http://localhost/x"##,
    r##"wget -qO- --method=HEAD http://localhost/x"##,
    r##"http GET localhost:8080/x"##,
    r##"http get :8080/x Accept:application/json"##,
    r##"http -I localhost:8080/x"##,
    r##"http -I :8080/search q==x"##,
    r##"http --ignore-stdin HEAD localhost:8080/x"##,
    r##"xh GET localhost:8080/x"##,
    r##"xh -I localhost:8080/x"##,
    r##"GET http://localhost/x"##,
    r##"lwp-request -m HEAD http://localhost/x"##,
    r##"grpcurl -plaintext localhost:50051 list"##,
    r##"grpcurl -plaintext localhost:50051 describe svc.Admin"##,
];
