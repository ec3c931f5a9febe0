//! The little cxmap needs of the operating system that the standard library
//! does not give. cxmap runs on Unix-like systems (Linux, macOS, the BSDs):
//! it relies on Unix permissions, owners, inodes and signals throughout, and
//! says so at compile time elsewhere.

#[cfg(not(unix))]
compile_error!("cxmap runs on Unix-like systems (Linux, macOS, the BSDs) only");

/// The effective user id of this process: whose files are whose.
pub fn user_id() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}
