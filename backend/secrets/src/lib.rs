//! What counts as a secret, in one place for every part of Warden:
//!
//! - [`sensitive_path`]: files that hold credentials, recognised by kind (keys and their
//!   backups, credential dotfiles, state files, cloud and cluster credentials, service
//!   configuration with passwords, account databases, histories) wherever they are. The file
//!   tools refuse them; the command classifier treats reading them with any program as high
//!   risk.
//! - [`sensitive_content`]: text that is a secret as a whole (private key material), whatever
//!   the file is called. The file tools refuse it.
//! - [`redact`] and [`redact_text`]: the one redaction applied to whatever Warden records or
//!   shows (audit log, approvals, run events, logs, webhooks, tool output): secret-named fields,
//!   and secrets inside text by their shape.
//! - [`redact_command_output`]: a command's output judged with the command (what `openssl
//!   rand -hex 32` or `cat jwt.key` prints goes, as hex an id's or a digest's shape has).
//! - [`is_secret_name`]: whether a field, variable, option or header name names a secret.
//! - [`CONTAINMENT_HIDDEN`]: the places containment keeps every contained program from.

mod accountrows;
mod annotated;
mod ansible;
mod argv;
mod armour;
mod audit;
mod base64;
mod blocks;
mod capability;
mod chpasswd;
mod clean;
mod clientcalls;
mod commands;
mod containers;
mod content;
mod continued;
mod credpairs;
mod decoded;
mod defaults;
mod delimited;
mod devices;
mod dumps;
mod encoded;
mod escapedjson;
mod families;
mod foreign;
mod formats;
mod gate;
mod giventokens;
mod gomaps;
mod hcl;
mod headings;
mod hexkeys;
mod hidden;
mod inserts;
mod keylines;
mod keylists;
mod keysettings;
mod lines;
mod listings;
mod lists;
mod lonevalue;
mod names;
mod nul;
mod outputs;
mod pairrows;
mod pairs;
mod path_memo;
mod paths;
mod pattern;
mod phpdumps;
mod placeholders;
mod plists;
mod prefixed;
mod printed;
mod prosecreds;
mod providers;
mod qualified;
mod queried;
mod rcloneconf;
mod records;
mod recoverycodes;
mod redact;
mod replies;
mod resourcelines;
mod secretdata;
mod secretmaps;
mod sensitive;
mod sentences;
mod servicelines;
mod sessions;
mod shell;
mod stores;
mod streamkeys;
mod tables;
mod text;
mod tfsensitive;
mod urls;
mod userpasswords;
mod valuecolumns;
mod valuefirst;
mod values;
mod wirelogins;
mod wrapped;
mod xfrm;

pub use content::sensitive_content;
pub use hidden::CONTAINMENT_HIDDEN;
pub use names::is_secret_name;
pub use outputs::redact_command_output;
pub use path_memo::sensitive_path;
pub use paths::{backup_original, secret_directory_names, secret_file_names};
pub use redact::{REDACTED, redact, redact_text};
