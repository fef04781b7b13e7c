//! The `warden` binary: parse the command line and hand over to the CLI module.

use std::process::ExitCode;

/// mimalloc gives freed memory back to the OS. glibc's allocator kept argon2's 19 MiB of working
/// memory after the first login: freeing that first (mmapped) block raises glibc's dynamic mmap
/// threshold above it, so later hashes allocate from an arena that is not trimmed.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    warden_server::cli::main()
}
