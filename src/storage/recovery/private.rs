//! The recovery folder is its owner's alone: it is made 0700, and copies,
//! bases and locks 0600, whatever the map's own mode (a copy of a
//! confidential map must not be readable by other users). Nothing here
//! follows a symbolic link: a link planted at one of these predictable names
//! is replaced or refused, never written through.
//!
//! Unix only, like the rest of cxmap's storage.

use std::ffi::CStr;
use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use super::names::{TEMPORARY_MARK, written_for};

const FOLDER_MODE: u32 = 0o700;
const FILE_MODE: u32 = 0o600;

/// Creates `dir` and any missing parents, each 0700 (as the XDG spec asks
/// of the state folder itself).
pub fn create_folder(dir: &Path) -> io::Result<()> {
    DirBuilder::new()
        .recursive(true)
        .mode(FOLDER_MODE)
        .create(dir)
}

/// Opens a plain file for reading; a symbolic link, a FIFO or a device is
/// an error, not followed or waited on.
pub fn open(path: &Path) -> io::Result<File> {
    // Without waiting: a FIFO planted at a copy's name would hold the app
    // up at start until someone wrote to it. Only a plain file is read.
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other("not a plain file"));
    }
    Ok(file)
}

/// Opens (creating, 0600) a lock file; a symbolic link is an error.
pub fn open_lock(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(FILE_MODE)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
}

/// Whether opening failed because the name is a symbolic link.
pub fn is_link_error(error: &io::Error) -> bool {
    error.raw_os_error() == Some(libc::ELOOP)
}

/// Writes `path` atomically with mode 0600, its bytes streamed by `fill`:
/// a fresh temporary file beside it (created new, so never an existing file
/// or link), flushed, renamed over the name (which replaces a link there
/// rather than following it).
///
/// Not `storage::write_atomic`, which follows links on purpose (for map
/// files that people link to) and keeps the replaced file's mode: the same
/// write underneath, with cxmap's own mode and temporary name.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> io::Result<()> {
    let temporary = crate::storage::save::Temporary {
        mark: TEMPORARY_MARK,
        mode: Some(FILE_MODE),
        within: FILE_MODE,
    };
    let anything = crate::storage::Expected::Anything;
    crate::storage::save::write_replacing(path, &temporary, &anything, fill).map(|_| ())
}

/// Temporary files that a write of `path` left when its process was killed:
/// plain files named as [`write`] names them (`.NAME.cxmap-copy-k3x9q2`),
/// nothing else.
pub fn strays(path: &Path) -> Vec<PathBuf> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return Vec::new();
    };
    fs::read_dir(dir).map_or(Vec::new(), |entries| {
        entries
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_name()
                    .to_str()
                    .and_then(written_for)
                    .is_some_and(|written| name == written)
            })
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.path())
            .collect()
    })
}
/// Whom the recovery folder must belong to.
#[derive(Clone, Copy, Debug)]
pub struct User {
    pub uid: u32,
    /// The group that is this user's alone, if there is one: see [`user`].
    pub group: Option<u32>,
}

/// The user this process runs as, whose folder the recovery folder must be.
///
/// On systems with user private groups (Debian, Ubuntu, Fedora and more),
/// each user's primary group bears the user's name and has no other
/// member, and the umask is 002: every folder the user makes is writable
/// by that group, which is writing by the user alone. Such a group is
/// `group` (a group named after the user with no other member listed; an
/// account that has it as its primary group is not looked for).
///
/// Looked up once: the user database may be a network service, and the
/// folder is checked before each copy is written.
pub fn user() -> User {
    static USER: std::sync::OnceLock<User> = std::sync::OnceLock::new();
    *USER.get_or_init(|| {
        let uid = crate::platform::user_id();
        // SAFETY: getegid has no preconditions and cannot fail.
        let gid = unsafe { libc::getegid() };
        let group = user_name(uid)
            .zip(group(gid))
            .and_then(|(me, (name, members))| {
                (name == me && members.iter().all(|m| *m == me)).then_some(gid)
            });
        User { uid, group }
    })
}

/// The name of the user `uid`, from the system's user database.
fn user_name(uid: u32) -> Option<Vec<u8>> {
    growing_buffer(|buf| {
        // SAFETY: `passwd` is plain data that getpwuid_r fills in; its
        // strings point into `buf`, which outlives their use here.
        let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
        let mut found = std::ptr::null_mut();
        let error = unsafe {
            libc::getpwuid_r(
                uid,
                &mut entry,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut found,
            )
        };
        let name = (error == 0 && !found.is_null() && !entry.pw_name.is_null())
            // SAFETY: a NUL-terminated string in `buf`.
            .then(|| unsafe { CStr::from_ptr(entry.pw_name) }.to_bytes().to_vec());
        (error, name)
    })
}

/// The name and the listed members of the group `gid`.
fn group(gid: u32) -> Option<(Vec<u8>, Vec<Vec<u8>>)> {
    growing_buffer(|buf| {
        // SAFETY: as in `user_name`; `gr_mem` is a NULL-terminated array of
        // NUL-terminated strings in `buf`.
        let mut entry: libc::group = unsafe { std::mem::zeroed() };
        let mut found = std::ptr::null_mut();
        let error = unsafe {
            libc::getgrgid_r(
                gid,
                &mut entry,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut found,
            )
        };
        if error != 0 || found.is_null() || entry.gr_name.is_null() {
            return (error, None);
        }
        let text = |p: *const libc::c_char| unsafe { CStr::from_ptr(p) }.to_bytes().to_vec();
        let mut members = Vec::new();
        let mut member = entry.gr_mem;
        // SAFETY: walks the array up to its NULL end.
        while !member.is_null() && !unsafe { *member }.is_null() {
            members.push(text(unsafe { *member }));
            member = unsafe { member.add(1) };
        }
        (0, Some((text(entry.gr_name), members)))
    })
}

/// Calls a `get*_r` lookup with a buffer for its strings, again with a
/// bigger one while it answers that the buffer is too small (ERANGE).
fn growing_buffer<T>(mut lookup: impl FnMut(&mut [u8]) -> (libc::c_int, Option<T>)) -> Option<T> {
    let mut buf = vec![0u8; 1024];
    loop {
        match lookup(&mut buf) {
            (libc::ERANGE, _) if buf.len() < 1 << 20 => buf.resize(buf.len() * 2, 0),
            (_, found) => return found,
        }
    }
}

/// What the checks read of one name on the way to the recovery folder.
#[derive(Clone, Debug)]
pub struct Facts {
    pub kind: Kind,
    pub uid: u32,
    pub gid: u32,
    /// Permission bits, the sticky bit among them.
    pub mode: u32,
}

#[derive(Clone, Debug)]
pub enum Kind {
    Folder,
    /// A symbolic link, and where it points.
    Link(PathBuf),
    Other,
}

/// How the checks read a name: [`look`], or made-up facts in tests.
/// `Ok(None)`: nothing has that name (yet).
pub type Look<'a> = &'a dyn Fn(&Path) -> io::Result<Option<Facts>>;

/// The facts of `path` itself (a link is not followed).
pub fn look(path: &Path) -> io::Result<Option<Facts>> {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error),
    };
    let kind = if meta.file_type().is_symlink() {
        Kind::Link(fs::read_link(path)?)
    } else if meta.is_dir() {
        Kind::Folder
    } else {
        Kind::Other
    };
    Ok(Some(Facts {
        kind,
        uid: meta.uid(),
        gid: meta.gid(),
        mode: meta.mode(),
    }))
}

/// Why the folder `dir` must not hold recovery copies for `user`; `None`
/// when it may (parts of it not made yet are made by [`create_folder`]).
///
/// Whoever may write to a folder may rename what is in it, and put a folder
/// of their own in its place: a copy written there would be theirs to read
/// or delete. So `dir` and the folder that holds it (cxmap's state folder)
/// must be `user`'s own, and not symbolic links; every folder above them,
/// up to `/` (the one named by `XDG_STATE_HOME`, or `~/.local/state`, and
/// its parents), `user`'s or root's, and none of them open to other users'
/// writing unless it has the sticky bit, as `/tmp` does (there only a
/// name's owner may rename it). A symbolic link on the way is followed and
/// its target checked the same way; the link itself must be `user`'s or
/// root's. A folder writable by the user's private group only is closed
/// (see [`user`]). With `narrowing`, the two folders of cxmap's own may be
/// open: [`narrow`] is about to close them.
pub fn unfit(dir: &Path, user: User, look: Look, narrowing: bool) -> Option<String> {
    let dir = match std::path::absolute(dir) {
        Ok(dir) => dir,
        Err(error) => return Some(format!("{}: {error}", shown(dir))),
    };
    let own_from = dir.components().count().saturating_sub(2);
    let mut way = PathBuf::new();
    for (at, part) in dir.components().enumerate() {
        way.push(part);
        let why = if at < own_from {
            on_the_way(&way, user, look, 0)
        } else {
            own(&way, user, look, narrowing)
        };
        if why.is_some() {
            return why;
        }
    }
    None
}

/// A folder of cxmap's own: the recovery folder, or the state folder.
fn own(dir: &Path, user: User, look: Look, narrowing: bool) -> Option<String> {
    let facts = match look(dir) {
        Ok(Some(facts)) => facts,
        Ok(None) => return None,
        Err(error) => return Some(format!("{}: {error}", shown(dir))),
    };
    match facts.kind {
        Kind::Link(_) => Some(format!("{} is a symbolic link", shown(dir))),
        Kind::Other => Some(format!("{} is not a folder", shown(dir))),
        Kind::Folder if facts.uid != user.uid => Some(format!(
            "{} belongs to another user (uid {})",
            shown(dir),
            facts.uid
        )),
        Kind::Folder if !narrowing => open_to_others(dir, &facts, user),
        Kind::Folder => None,
    }
}

/// A name on the way to cxmap's state folder: a folder, or a link to one.
fn on_the_way(path: &Path, user: User, look: Look, links: usize) -> Option<String> {
    let facts = match look(path) {
        Ok(Some(facts)) => facts,
        Ok(None) => return None,
        Err(error) => return Some(format!("{}: {error}", shown(path))),
    };
    if facts.uid != user.uid && facts.uid != 0 {
        return Some(format!(
            "{} belongs to another user (uid {})",
            shown(path),
            facts.uid
        ));
    }
    match facts.kind {
        Kind::Folder => open_to_others(path, &facts, user),
        Kind::Other => Some(format!("{} is not a folder", shown(path))),
        Kind::Link(_) if links >= 40 => Some(format!("{}: too many symbolic links", shown(path))),
        Kind::Link(target) => {
            let target = path.parent().map_or(target.clone(), |p| p.join(&target));
            let mut way = PathBuf::new();
            target.components().find_map(|part| {
                way.push(part);
                on_the_way(&way, user, look, links + 1)
            })
        }
    }
}

/// Why a folder is open to other users' writing, if it is.
fn open_to_others(dir: &Path, facts: &Facts, user: User) -> Option<String> {
    let sticky = facts.mode & 0o1000 != 0;
    let group = facts.mode & 0o020 != 0 && user.group != Some(facts.gid);
    ((facts.mode & 0o002 != 0 || group) && !sticky).then(|| {
        format!(
            "{} can be written by other users (mode {:04o})",
            shown(dir),
            facts.mode & 0o7777
        )
    })
}

fn shown(path: &Path) -> std::borrow::Cow<'_, str> {
    super::names::shown(path.as_os_str())
}

/// Narrows `dir` (ours: see [`unfit`]) to 0700 if it is wider, as a folder
/// made by an older cxmap may be.
pub fn narrow(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let meta = fs::symlink_metadata(dir)?;
    if meta.mode() & 0o077 != 0 {
        fs::set_permissions(dir, fs::Permissions::from_mode(FOLDER_MODE))?;
    }
    Ok(())
}
