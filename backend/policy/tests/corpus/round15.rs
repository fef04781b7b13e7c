//! Dangerous command lines, fifteenth set.
//! Everywhere: an image's history prints each layer's build command (`ENV DB_PASSWORD=…`,
//! `RUN |1 TOKEN=…`), as `docker image inspect` prints the environment: low only with `-q` or
//! a `--format` of the fields that leave it out. A storage class's `parameters` are its
//! provisioner's, free-form (in-tree GlusterFS took `restuserkey` in the clear), and so are
//! its and a volume's mount options (`/etc/fstab`'s: a CIFS `password=`): printed whole they
//! are judged as a ConfigMap is. `systemctl show -p StandardInputData` (and
//! `LogExtraFields`) prints data a unit hands its service, as `Environment=` is judged. A
//! kubectl JSONPath that prints the list itself (`{.items}`, `{.items[*]}`, `{.items[0]}`)
//! prints its objects whole; only a `range` over it leaves the printing to the paths inside.
//! Where nothing contains the command (`ssh_exec`): a listing reaches the entries of
//! `/dev/disk/by-id` (named by devices' serial numbers) whenever it lists a directory above
//! them: `getfacl -R` and `lsattr -R` walk as `ls -R` does, `lsattr DIR` lists as `ls DIR` does;
//! naming the directory itself (`ls -d`, `stat`, `file`, `getfacl` without `-R`) lists none.
//! Each line gets at least its level (on both paths for `KINDS`, through `ssh_exec` for
//! `REMOTE_KINDS`); `STILL_LOW` holds their everyday neighbours, which stay low on both paths.
//! Listed in docs/policies.md.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{High, Medium};

pub const REMOTE_KINDS: &[Kind] = &[Kind {
    name: "device-serial-numbers-listed-by-other-walkers",
    lines: &[
        ("getfacl -R /dev", High),
        ("getfacl -R /dev/disk", High),
        ("getfacl --recursive /dev/disk/", High),
        ("getfacl -R -p /", High),
        ("getfacl -R --one-file-system /dev", High),
        ("lsattr -R /dev", High),
        ("lsattr -R /dev/disk", High),
        ("lsattr /dev/disk/by-id", High),
        ("lsattr -a /dev/serial/by-id", High),
        ("ls /dev/disk/by-id", High),
        ("ls -l /dev/disk/by-id/", High),
        ("dir /dev/disk/by-id", High),
        ("stat /dev/disk/by-id/ata-SAMSUNG_S3Z9NB0K", High),
        ("ls -d /dev/disk/by-id/*", High),
    ],
}];

pub const KINDS: &[Kind] = &[
    Kind {
        // The default table's CREATED BY column shows the first 45 characters of each layer's
        // command, enough for `ENV DB_PASSWORD=hunter2`; a template may print it whole.
        name: "image-history-with-build-commands",
        lines: &[
            ("docker history nginx", High),
            ("docker image history nginx:1.27", High),
            ("docker history -H nginx", High),
            ("docker history --no-trunc nginx", High),
            ("docker history --format '{{.CreatedBy}}' nginx", High),
            (
                "docker history --format='{{.ID}} {{.CreatedBy}}' nginx",
                High,
            ),
            ("docker history --form '{{.CreatedBy}}' nginx", High),
            (
                "docker history --format 'table {{.ID}}\\t{{.CreatedBy}}' nginx",
                High,
            ),
            ("docker history --format json nginx", High),
            ("docker history --format '{{json .}}' nginx", High),
            ("docker history --format table nginx", High),
            ("docker history --format '' nginx", High),
            ("docker history --format '{{.Comment}}' nginx", High),
            ("docker history -q --format '{{.CreatedBy}}' nginx", High),
            (
                "docker history --format '{{.Size}}' --format '{{.CreatedBy}}' nginx",
                High,
            ),
            ("podman history nginx", High),
            ("podman image history --format '{{.CreatedBy}}' nginx", High),
            ("nerdctl history nginx", High),
            ("sudo docker history app:latest", High),
        ],
    },
    Kind {
        name: "storage-parameters-and-mount-options",
        lines: &[
            ("kubectl get storageclass -o yaml", High),
            ("kubectl get sc -o json", High),
            ("kubectl get sc standard -oyaml", High),
            ("kubectl get storageclasses.storage.k8s.io -o yaml", High),
            ("kubectl get StorageClass.v1.storage.k8s.io -o json", High),
            ("kubectl get sc/standard -o yaml", High),
            ("kubectl get pv,sc -o yaml", High),
            ("kubectl get sc -o jsonpath='{.items[*].parameters}'", High),
            ("kubectl get sc -o custom-columns=P:.parameters", High),
            ("kubectl get sc -o go-template='{{.parameters}}'", High),
            ("kubectl describe sc standard", High),
            ("kubectl describe storageclass", High),
            ("oc get sc -o yaml", High),
            ("kubectl get pv -o yaml", High),
            ("kubectl get persistentvolumes -o json", High),
            (
                "kubectl get pv pvc-1234 -o jsonpath='{.spec.mountOptions}'",
                High,
            ),
            (
                "kubectl get pv -o jsonpath='{.items[*].spec.csi.volumeAttributes}'",
                High,
            ),
            ("kubectl describe pv pvc-1234", High),
            ("kubectl get volumeattachments -o yaml", High),
        ],
    },
    Kind {
        // `StandardInputText=` in a unit (a configuration, a key) is shown base64-encoded as
        // `StandardInputData=`, which no redaction reads.
        name: "data-units-hand-their-services",
        lines: &[
            ("systemctl show -p StandardInputData nginx", High),
            ("systemctl show --property=StandardInputData nginx", High),
            ("systemctl show --prop StandardInputData nginx", High),
            ("systemctl show -P StandardInputData nginx", High),
            ("systemctl show -pStandardInputData nginx", High),
            (
                "systemctl show -p ActiveState,StandardInputData nginx",
                High,
            ),
            (
                "systemctl show -p ActiveState -p StandardInputData app",
                High,
            ),
            ("systemctl --user show -p StandardInputData app", High),
            ("systemctl show -p LogExtraFields nginx", High),
            ("systemctl show --value -p LogExtraFields nginx", High),
        ],
    },
    Kind {
        name: "jsonpath-printing-the-list-whole",
        lines: &[
            ("kubectl get cm -o jsonpath='{.items}'", High),
            ("kubectl get configmaps -o jsonpath='{.items[*]}'", High),
            ("kubectl get pods -o jsonpath='{.items[*]}'", High),
            ("kubectl get deploy -o jsonpath='{.items[0]}'", High),
            ("kubectl get pods -o=jsonpath='{.items}'", High),
            ("kubectl get pods -o jsonpath-as-json='{.items}'", High),
            ("kubectl get sc -o jsonpath='{.items}'", High),
            (
                "kubectl get pods -o jsonpath='{range .items[*]}{.items}{end}'",
                High,
            ),
            (
                "kubectl get widgets.example.com -o jsonpath='{.items}'",
                Medium,
            ),
        ],
    },
];

/// Everyday neighbours of the lines above: they stay low on this host and through `ssh_exec`.
pub const STILL_LOW: &[&str] = &[
    "docker history -q nginx",
    "docker history --quiet --no-trunc nginx",
    "docker history --format '{{.ID}} {{.CreatedSince}} {{.Size}}' nginx",
    "docker history --format 'table {{.ID}}\\t{{.Size}}' nginx",
    "docker image history --format='{{.CreatedAt}}' nginx",
    "docker history -H --format '{{.Size}}' nginx",
    "podman history --format '{{.ID}} {{.Tags}}' nginx",
    "docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}'",
    "docker image inspect --format '{{.Size}}' nginx",
    "ls -d /dev/disk/by-id",
    "ls -ld /dev/disk/by-id/",
    "stat /dev/disk/by-id",
    "stat -L /dev/serial/by-id",
    // Plain `file` loads the remote home's ~/.magic (round25.rs): given the system's magic.
    "file -m /usr/share/misc/magic /dev/disk/by-id",
    "getfacl /dev/disk/by-id",
    "lsattr -d /dev/disk/by-id",
    "vdir -d /dev/disk/by-id",
    "find /dev/disk/by-id -maxdepth 0",
    "du -sh /dev/disk/by-id",
    "getfacl -R /etc/nginx",
    "lsattr -R /var/www",
    // A walk of `/` reaches /var/log/journal, named by the machine ID (round25.rs): one of /srv
    // stays low.
    "getfacl -R --one-file-system /srv",
    "ls /dev/disk",
    "kubectl get sc",
    "kubectl get storageclass -o wide",
    "kubectl get sc -o name",
    "kubectl get sc -o jsonpath='{.items[*].metadata.name}'",
    "kubectl get pv",
    "kubectl get pv -o wide",
    "kubectl get pv -o jsonpath='{.items[*].status.phase}'",
    "systemctl show -p StandardInput nginx",
    "systemctl show -p StandardOutput,StandardError nginx",
    "systemctl show -p ActiveState,SubState nginx",
    "kubectl get pods -o jsonpath='{.items[*].metadata.name}'",
    "kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{\"\\n\"}{end}'",
    "kubectl get cm -o jsonpath='{range .items}{.metadata.name} {end}'",
    "kubectl get widgets.example.com -o jsonpath='{.items[*].metadata.name}'",
];
