//! Which kinds of object kubectl may print whole (`get -o yaml|json|jsonpath|…`, a template,
//! `describe`) at the low level. A positive model: an object of a kind below holds no
//! container environment and no data of its own (nodes, services, RBAC, storage, quotas).
//! Kinds that hold a pod template or data print secrets given as literals (`env: - name: DB_PASSWORD
//! value: …`, a ConfigMap's `data:`, a Secret's values, a storage class's `parameters`, a
//! volume's mount options): they are high, as `get secret -o yaml` is. Any other kind (a
//! custom resource, `all`, a group this table does not know) is not proven to hold none:
//! medium.

use crate::level::RiskLevel;
use crate::programs::Judgement;

/// Kinds (every spelling kubectl accepts: plural, singular, short name) whose objects hold no
/// environment values and no data.
const PLAIN_KINDS: &[&str] = &[
    "node",
    "nodes",
    "no",
    "namespace",
    "namespaces",
    "ns",
    "service",
    "services",
    "svc",
    "endpoints",
    "ep",
    "endpointslice",
    "endpointslices",
    "event",
    "events",
    "ev",
    "ingressclass",
    "ingressclasses",
    "networkpolicy",
    "networkpolicies",
    "netpol",
    "persistentvolumeclaim",
    "persistentvolumeclaims",
    "pvc",
    "csidriver",
    "csidrivers",
    "csinode",
    "csinodes",
    "serviceaccount",
    "serviceaccounts",
    "sa",
    "role",
    "roles",
    "rolebinding",
    "rolebindings",
    "clusterrole",
    "clusterroles",
    "clusterrolebinding",
    "clusterrolebindings",
    "horizontalpodautoscaler",
    "horizontalpodautoscalers",
    "hpa",
    "poddisruptionbudget",
    "poddisruptionbudgets",
    "pdb",
    "lease",
    "leases",
    "priorityclass",
    "priorityclasses",
    "pc",
    "limitrange",
    "limitranges",
    "limits",
    "resourcequota",
    "resourcequotas",
    "quota",
    "customresourcedefinition",
    "customresourcedefinitions",
    "crd",
    "crds",
    "apiservice",
    "apiservices",
    "runtimeclass",
    "runtimeclasses",
    "componentstatus",
    "componentstatuses",
    "cs",
];

/// Kinds whose objects hold a pod template (with its containers' `env` values), a revision of
/// one, or data: printed whole they print secrets.
const SECRET_KINDS: &[&str] = &[
    "pod",
    "pods",
    "po",
    "deployment",
    "deployments",
    "deploy",
    "replicaset",
    "replicasets",
    "rs",
    "statefulset",
    "statefulsets",
    "sts",
    "daemonset",
    "daemonsets",
    "ds",
    "job",
    "jobs",
    "cronjob",
    "cronjobs",
    "cj",
    "replicationcontroller",
    "replicationcontrollers",
    "rc",
    "podtemplate",
    "podtemplates",
    "controllerrevision",
    "controllerrevisions",
    "configmap",
    "configmaps",
    "cm",
    // OpenShift's deployment and build configurations hold pod templates and build
    // environments; its templates hold parameter values.
    "deploymentconfig",
    "deploymentconfigs",
    "dc",
    "buildconfig",
    "buildconfigs",
    "bc",
    "build",
    "builds",
    "template",
    "templates",
    "secret",
    "secrets",
    // A storage class's `parameters` are the provisioner's, free-form: in-tree GlusterFS
    // took its REST key there in the clear (`restuserkey`), and a CSI driver reads whatever its
    // authors chose. Its `mountOptions`, and a volume's (`/etc/fstab`'s options again: a CIFS
    // `password=`), with a CSI volume's `volumeAttributes` and a flex volume's `options`, are as
    // free; an attachment carries the volume's specification for an inline volume. A service
    // account names its token secrets, never their values: plain.
    "storageclass",
    "storageclasses",
    "sc",
    "persistentvolume",
    "persistentvolumes",
    "pv",
    "volumeattachment",
    "volumeattachments",
    // An ingress is configured by its annotations, free-form: ingress-nginx's
    // `configuration-snippet`/`server-snippet`/`auth-snippet` hold nginx directives
    // (`proxy_set_header Authorization "Bearer …"`), other controllers' hold headers and
    // middleware settings as they choose.
    "ingress",
    "ingresses",
    "ing",
    "all",
];

/// API groups (and versions) of the kinds above: `deployments.apps`, `pods.v1.`,
/// `networkpolicies.networking.k8s.io`. A kind in another group is another kind.
const KNOWN_GROUP_WORDS: &[&str] = &[
    "",
    "v1",
    "v1beta1",
    "v2",
    "apps",
    "batch",
    "autoscaling",
    "policy",
    "networking",
    "rbac",
    "authorization",
    "storage",
    "discovery",
    "coordination",
    "scheduling",
    "node",
    "apiextensions",
    "apiregistration",
    "k8s",
    "io",
];

/// The kind words of a `get`/`describe` line's operands: `pod web` names `pod`, `pods,svc`
/// names both, `pod/web deploy/api` names `pod` and `deploy`.
fn kinds<'a>(operands: &[&'a str]) -> Vec<&'a str> {
    let Some(first) = operands.first() else {
        return Vec::new();
    };
    if first.contains('/') {
        operands
            .iter()
            .map(|word| word.split('/').next().unwrap_or(""))
            .collect()
    } else {
        first.split(',').collect()
    }
}

/// How a kind word is judged: `Some(true)` holds secrets, `Some(false)` holds none, `None`
/// unknown.
fn holds_secrets(word: &str) -> Option<bool> {
    let lower = word.to_ascii_lowercase();
    let mut parts = lower.split('.');
    let kind = parts.next().unwrap_or("");
    if !parts.all(|part| KNOWN_GROUP_WORDS.contains(&part)) {
        return None;
    }
    if SECRET_KINDS.contains(&kind) {
        Some(true)
    } else if PLAIN_KINDS.contains(&kind) {
        Some(false)
    } else {
        None
    }
}

/// Whether any kind `operands` name holds secrets or is unknown.
pub fn may_hold_secrets(operands: &[&str]) -> bool {
    kinds(operands)
        .iter()
        .any(|kind| holds_secrets(kind) != Some(false))
}

/// How much of an object an output format prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reach {
    /// Names and metadata (not annotations): nothing a kind holds as its contents.
    Metadata,
    /// Also the state (`.status`) and a specification's placement and images: known kinds
    /// keep no secret there; a custom resource may (a controller's status copies its source).
    Placement,
    /// The object whole, or any part of it.
    Whole,
}

/// Raises `j` for the kinds `operands` name when printed to `reach` (`shown`: how the line
/// prints them). A `describe` prints them whole; without a kind it describes nothing kubectl
/// accepts.
pub fn raise(
    shown: &str,
    operands: &[&str],
    reach: Reach,
    describe: bool,
    uncontained: bool,
    j: &mut Judgement,
) {
    // What is not proven to hold no secret: medium here, high where nothing contains the
    // command (`ssh_exec`), as every unproven line is there.
    let unproven = if uncontained {
        RiskLevel::High
    } else {
        RiskLevel::Medium
    };
    let named = kinds(operands);
    if named.is_empty() && describe {
        j.raise(
            RiskLevel::Medium,
            format!("{shown} without a kind of object is not proven to print no secret"),
        );
    }
    for kind in named {
        // `describe secret` prints each key with its size, never its value; its annotations
        // it prints, as for every kind below.
        let secret = {
            let kind = kind.split('.').next().unwrap_or("").to_ascii_lowercase();
            matches!(kind.as_str(), "secret" | "secrets")
        };
        let holds = if describe && secret {
            Some(false)
        } else {
            holds_secrets(kind)
        };
        match holds {
            // Printed whole by `get` (`-o yaml`, `json`, a template, a path into
            // `.metadata.annotations`) or by `describe`, an object prints its annotations:
            // free-form text that controllers and tools fill as they choose (k3s keeps a
            // server's arguments and environment in a node's `k3s.io/node-args`/`node-env`,
            // `last-applied-configuration` repeats whatever was applied). `describe` leaves
            // only the last applied configuration out: every other annotation it prints under
            // `Annotations:`.
            Some(false) if reach == Reach::Whole => j.raise(
                unproven,
                format!(
                    "{shown} prints {kind}'s annotations, free-form text that may hold credentials (a node's k3s.io/node-env, a last applied configuration); `get -o wide`, `-o name` or a jsonpath of its metadata, spec or status do not"
                ),
            ),
            Some(false) => {}
            Some(true) if reach < Reach::Whole => {}
            None if reach == Reach::Metadata => {}
            Some(true) => j.raise(
                RiskLevel::High,
                format!(
                    "{shown} prints {kind} whole: containers' environment values, data or free-form settings (secrets)"
                ),
            ),
            None => j.raise(
                unproven,
                format!(
                    "{shown}: {kind} is not a kind known to hold no environment values or data"
                ),
            ),
        }
    }
}

/// Fields of `.metadata` a path may print at the metadata reach: names, identifiers, labels
/// (short words by their syntax), owners and times. A positive model: `annotations` (the last
/// applied configuration holds the whole manifest, environment and a Secret's data included),
/// `managedFields` (who set which field, with the fields), a wildcard (`.metadata.*`) and any
/// field this table does not know print the object's contents again.
const PLAIN_METADATA: &[&str] = &[
    "name",
    "namespace",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "ownerReferences",
    "finalizers",
    "generateName",
    "selfLink",
];

/// How much an output format prints: `wide`, `name`, or a `jsonpath=`/`custom-columns=` whose
/// every path lies in `.metadata` (not its annotations or managed fields) print metadata;
/// paths into `.status` or a specification's placement print that too; anything else (any
/// other format, a filter `?(@…)`, recursive descent `..env`) prints the object whole.
pub fn format_reach(format: &str) -> Reach {
    match format_paths(format) {
        None => Reach::Whole,
        Some(paths) => paths
            .iter()
            .map(|(path, walked)| path_reach(path, *walked))
            .max()
            .unwrap_or(Reach::Metadata),
    }
}

/// The paths an output format prints, each with whether a `range` walks it (its elements are
/// printed by the paths inside): none for `wide` and `name`; `None` for a format that prints the
/// object whole or cannot be read.
fn format_paths(format: &str) -> Option<Vec<(&str, bool)>> {
    let format = format.trim_start_matches('=');
    if matches!(format, "wide" | "name") {
        return Some(Vec::new());
    }
    let (kind, argument) = format.split_once('=')?;
    match kind {
        "jsonpath" | "jsonpath-as-json" => {
            let mut paths = Vec::new();
            let mut rest = argument;
            while let Some(open) = rest.find('{') {
                let close = rest[open..].find('}')?;
                let inner = rest[open + 1..open + close].trim();
                rest = &rest[open + close + 1..];
                if inner == "end" || (inner.starts_with('"') && inner.ends_with('"')) {
                    continue;
                }
                match inner.strip_prefix("range ") {
                    Some(walked) => paths.push((walked.trim(), true)),
                    None => paths.push((inner, false)),
                }
            }
            if rest.contains('}') {
                return None;
            }
            Some(paths)
        }
        "custom-columns" => Some(
            argument
                .split(',')
                .map(|column| (column.split_once(':').map_or("", |(_, path)| path), false))
                .collect(),
        ),
        _ => None,
    }
}

/// Whether `operands` name nodes, whose status holds each machine's identity.
pub fn names_nodes(operands: &[&str]) -> bool {
    kinds(operands).iter().any(|kind| {
        let kind = kind.split('.').next().unwrap_or("").to_ascii_lowercase();
        matches!(kind.as_str(), "node" | "nodes" | "no")
    })
}

/// Whether an output format may print a node's `status.nodeInfo.machineID` (the node's
/// `/etc/machine-id`) or `systemUUID` (its firmware's UUID): a format that prints the object
/// whole, or a path that reaches them (`.status`, `.status.nodeInfo`, a wildcard or recursive
/// descent on the way). `.status.nodeInfo.kubeletVersion`, `.status.addresses` do not.
pub fn prints_node_identity(format: &str) -> bool {
    let Some(paths) = format_paths(format) else {
        return true;
    };
    paths.iter().any(|(path, walked)| {
        if path.contains("..") || path.contains('?') {
            return true;
        }
        let path = path.strip_prefix(".items").map_or(*path, |rest| {
            rest.find(']').map_or(rest, |close| &rest[close + 1..])
        });
        if path.is_empty() {
            return !walked;
        }
        let fields: Vec<&str> = path
            .trim_start_matches(['.', '$', '@'])
            .split('.')
            .map(|field| field.split('[').next().unwrap_or(field))
            .collect();
        let reaches = |at: usize, wanted: &[&str]| {
            fields
                .get(at)
                .is_none_or(|field| field.contains('*') || wanted.contains(field))
        };
        match fields.first() {
            Some(&"status") => {
                reaches(1, &["nodeInfo"])
                    && (fields.len() <= 2 || reaches(2, &["machineID", "systemUUID"]))
            }
            Some(&"metadata" | &"spec") => false,
            _ => true,
        }
    })
}

/// How much one path prints; `walked`: a `range` walks it, printing nothing itself.
fn path_reach(path: &str, walked: bool) -> Reach {
    let reach = |small: bool, to: Reach| if small { to } else { Reach::Whole };
    if path.is_empty()
        || path.contains("..")
        || !path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '[' | ']' | '*' | '_' | '-'))
    {
        return Reach::Whole;
    }
    let path = path.strip_prefix(".items").map_or(path, |rest| {
        rest.strip_prefix("[*]")
            .or_else(|| {
                let close = rest.find(']')?;
                rest[..close]
                    .strip_prefix('[')
                    .filter(|n| n.chars().all(|c| c.is_ascii_digit()))
                    .map(|_| &rest[close + 1..])
            })
            .unwrap_or(rest)
    });
    if path.is_empty() {
        // `{range .items[*]}`: the elements, printed by the paths inside; `{.items}`,
        // `{.items[*]}`, `{.items[0]}` print the objects whole.
        return if walked {
            Reach::Metadata
        } else {
            Reach::Whole
        };
    }
    let mut fields = path.trim_start_matches('.').split('.');
    match fields.next() {
        Some("status") => Reach::Placement,
        Some("metadata") => reach(
            fields.next().is_some_and(|field| {
                let field = field.split('[').next().unwrap_or(field);
                PLAIN_METADATA.contains(&field)
            }),
            Reach::Metadata,
        ),
        // `.spec.containers[*].image`, `.spec.replicas`, `.spec.template.spec.nodeName`: a
        // specification's structure and placement, never its environment, arguments or data.
        Some("spec") => {
            let fields: Vec<&str> = fields
                .map(|field| field.split('[').next().unwrap_or(field))
                .collect();
            reach(
                fields
                    .last()
                    .is_some_and(|last| !SPEC_HOLDERS.contains(last))
                    && fields.iter().all(|field| SPEC_FIELDS.contains(field)),
                Reach::Placement,
            )
        }
        _ => Reach::Whole,
    }
}

/// Fields that hold whole containers (their environment included): a path may pass through
/// them, never end at one.
const SPEC_HOLDERS: &[&str] = &[
    "spec",
    "template",
    "jobTemplate",
    "containers",
    "initContainers",
];

/// Fields of a specification a path may pass through or end at: containers and templates,
/// images, names, placement, replicas, schedules, ports and resource figures. Not `env`,
/// `envFrom`, `args`, `command`, `volumes` or a whole container.
const SPEC_FIELDS: &[&str] = &[
    "spec",
    "template",
    "jobTemplate",
    "containers",
    "initContainers",
    "image",
    "imagePullPolicy",
    "name",
    "nodeName",
    "replicas",
    "schedule",
    "suspend",
    "serviceAccountName",
    "restartPolicy",
    "priorityClassName",
    "hostNetwork",
    "ports",
    "containerPort",
    "protocol",
    "resources",
    "limits",
    "requests",
    "cpu",
    "memory",
    "clusterIP",
    "type",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_of_metadata_status_and_placement() {
        for plain in [
            "wide",
            "name",
            "jsonpath={.items[*].metadata.name}",
            "jsonpath={range .items[*]}{.metadata.name}{\"\\n\"}{end}",
            "jsonpath={.items[*].spec.containers[*].image}",
            "jsonpath={.spec.template.spec.containers[0].image}",
            "jsonpath={.spec.replicas}",
            "custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,PHASE:.status.phase",
        ] {
            assert!(format_reach(plain) < Reach::Whole, "{plain}");
        }
        for whole in [
            "yaml",
            "json",
            "jsonpath={.spec}",
            "jsonpath={.spec.containers}",
            "jsonpath={.spec.containers[0]}",
            "jsonpath={.spec.template}",
            "jsonpath={.items[*].spec.containers[*].env}",
            "jsonpath={.spec.containers[*].env[*].value}",
            "jsonpath={.spec.containers[*].args}",
            "jsonpath={..image}",
            "jsonpath={.metadata}",
            "jsonpath={.metadata.annotations}",
            "jsonpath={.metadata.*}",
            "jsonpath={.items[*].metadata.*}",
            "custom-columns=A:.metadata.*",
            "jsonpath={range .items[*]}{.metadata.*}{end}",
            "jsonpath={.metadata.annotations*}",
            "jsonpath={.items}",
            "jsonpath={.items[*]}",
            "jsonpath={.items[0]}",
            "jsonpath-as-json={.items}",
            "jsonpath={range .items[*]}{.items}{end}",
            "jsonpath={.data}",
            "custom-columns=E:.spec.containers[0].env",
            "go-template={{.metadata.name}}",
        ] {
            assert_eq!(format_reach(whole), Reach::Whole, "{whole}");
        }
    }

    #[test]
    fn custom_resources_show_only_metadata() {
        assert_eq!(
            format_reach("jsonpath={.items[*].metadata.name}"),
            Reach::Metadata
        );
        assert_eq!(format_reach("jsonpath={.status}"), Reach::Placement);
        assert_eq!(
            format_reach("custom-columns=N:.metadata.name,I:.spec.containers[0].image"),
            Reach::Placement
        );
    }

    #[test]
    fn kinds_in_every_spelling() {
        assert_eq!(kinds(&["pods,svc"]), vec!["pods", "svc"]);
        assert_eq!(kinds(&["pod/web", "deploy/api"]), vec!["pod", "deploy"]);
        assert_eq!(kinds(&["pod", "web"]), vec!["pod"]);
        assert_eq!(holds_secrets("Deployments.apps"), Some(true));
        assert_eq!(holds_secrets("pods.v1."), Some(true));
        assert_eq!(holds_secrets("nodes"), Some(false));
        assert_eq!(holds_secrets("pods.example.com"), None);
        assert_eq!(holds_secrets("certificates"), None);
    }
}
