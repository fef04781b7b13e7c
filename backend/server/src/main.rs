//! The `warden` binary: parse the command line and hand over to the CLI module.

use std::process::ExitCode;

fn main() -> ExitCode {
    warden_server::cli::main()
}
