//! Stage 5: write the files, all or nothing, or compare them with what is on disk.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Error, Result};
use crate::emit::Files;

/// The marker every generated file carries; an output folder whose `Cargo.toml` lacks
/// it was not written by the generator and is never replaced.
pub const MARKER: &str = "@generated";

/// What cargo keeps in a crate's folder that the generator does not write: the lock file
/// (the dependency versions the crate was built and tested with) and the build folder.
/// `write` carries them over into the regenerated folder, and `check` does not count them
/// as extra: losing them would make cargo resolve the dependencies again (to whatever is
/// newest) and rebuild everything after every regeneration.
pub const KEPT: [&str; 2] = ["Cargo.lock", "target"];

/// Replaces `out` with exactly `files`. Everything is written to a temporary sibling
/// folder first and swapped in by renames, so a failure leaves `out` as it was. A file
/// whose contents did not change keeps its modification time, so cargo does not rebuild
/// the crate when a regeneration changed nothing in it; the [`KEPT`] entries move over.
pub fn write(out: &Path, files: &Files) -> Result<()> {
    guard_output(out)?;
    let parent = parent_of(out);
    fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "generated".to_owned());
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let backup = parent.join(format!(".{name}.old-{}", std::process::id()));
    let result = stage(&staging, files, out).and_then(|()| swap(out, &staging, &backup));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

fn stage(staging: &Path, files: &Files, out: &Path) -> Result<()> {
    if staging.exists() {
        fs::remove_dir_all(staging).map_err(|e| Error::io(staging, e))?;
    }
    for (relative, contents) in files {
        let path = staging.join(relative);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        fs::write(&path, contents).map_err(|e| Error::io(&path, e))?;
        if let Some(modified) = unchanged_since(&out.join(relative), contents) {
            fs::File::options()
                .write(true)
                .open(&path)
                .and_then(|f| f.set_modified(modified))
                .map_err(|e| Error::io(&path, e))?;
        }
    }
    Ok(())
}

/// The modification time of `old` if it holds exactly `contents`.
fn unchanged_since(old: &Path, contents: &str) -> Option<std::time::SystemTime> {
    let metadata = fs::metadata(old).ok()?;
    if metadata.len() != contents.len() as u64 {
        return None;
    }
    let on_disk = fs::read(old).ok()?;
    (on_disk == contents.as_bytes())
        .then(|| metadata.modified().ok())
        .flatten()
}

fn swap(out: &Path, staging: &Path, backup: &Path) -> Result<()> {
    if out.exists() {
        fs::rename(out, backup).map_err(|e| Error::io(out, e))?;
        if let Err(e) = fs::rename(staging, out) {
            let _ = fs::rename(backup, out);
            return Err(Error::io(out, e));
        }
        // The new folder is in place; the kept entries follow it. Should one fail to move,
        // the old folder stays (with it inside) rather than being deleted.
        for kept in KEPT {
            let (from, to) = (backup.join(kept), out.join(kept));
            if fs::symlink_metadata(&from).is_ok() && fs::symlink_metadata(&to).is_err() {
                fs::rename(&from, &to).map_err(|e| Error::io(&from, e))?;
            }
        }
        fs::remove_dir_all(backup).map_err(|e| Error::io(backup, e))?;
    } else {
        fs::rename(staging, out).map_err(|e| Error::io(out, e))?;
    }
    Ok(())
}

/// Refuses to replace a folder that holds anything but a generated crate.
fn guard_output(out: &Path) -> Result<()> {
    if !out.exists() {
        return Ok(());
    }
    let mut entries = fs::read_dir(out).map_err(|e| Error::io(out, e))?;
    if entries.next().is_none() {
        return Ok(());
    }
    let manifest = out.join("Cargo.toml");
    match fs::read_to_string(&manifest) {
        Ok(text) if text.lines().next().is_some_and(|l| l.contains(MARKER)) => Ok(()),
        _ => Err(Error::Refused {
            path: out.to_owned(),
            message: format!(
                "not empty and not a generated crate (no {MARKER} header in Cargo.toml); refusing to replace it"
            ),
        }),
    }
}

/// Compares `files` with `out`; returns a readable report (unified diffs, missing and
/// extra files), or `None` when they are identical.
pub fn check(out: &Path, files: &Files) -> Result<Option<String>> {
    let mut report = String::new();
    let on_disk = list_files(out)?;
    for (relative, expected) in files {
        let path = out.join(relative);
        match fs::read_to_string(&path) {
            Ok(actual) if actual == *expected => {}
            Ok(actual) => {
                let diff = similar::TextDiff::from_lines(&actual, expected);
                report.push_str(
                    &diff
                        .unified_diff()
                        .context_radius(3)
                        .header(
                            &format!("a/{relative} (on disk)"),
                            &format!("b/{relative} (generated)"),
                        )
                        .to_string(),
                );
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                report.push_str(&format!("missing: {relative} (the generator writes it)\n"));
            }
            Err(e) => return Err(Error::io(&path, e)),
        }
    }
    for relative in on_disk {
        let top = relative.split('/').next().unwrap_or_default();
        if !files.contains_key(&relative) && !KEPT.contains(&top) {
            report.push_str(&format!(
                "extra: {relative} (the generator does not write it)\n"
            ));
        }
    }
    Ok((!report.is_empty()).then_some(report))
}

/// Every file under `dir`, as `/`-separated relative paths, sorted.
fn list_files(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).map_err(|e| Error::io(&current, e))? {
            let entry = entry.map_err(|e| Error::io(&current, e))?;
            let path = entry.path();
            let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
            if kind.is_dir() {
                if current == dir && KEPT.contains(&entry.file_name().to_string_lossy().as_ref()) {
                    continue;
                }
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::*;

    /// A generated crate of `sources` (path, contents) written to `crate/` in a fresh
    /// temporary folder: the folder, the crate's path and its files.
    fn written(sources: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf, Files) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("crate");
        let mut files = Files::new();
        files.insert("Cargo.toml".to_owned(), format!("# {MARKER}\n"));
        for (path, contents) in sources {
            files.insert((*path).to_owned(), (*contents).to_owned());
        }
        write(&out, &files).unwrap();
        (dir, out, files)
    }

    #[test]
    fn unchanged_files_keep_their_modification_time() {
        let (_dir, out, mut files) = written(&[("src/a.rs", "// a\n"), ("src/b.rs", "// b\n")]);
        let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        for file in ["Cargo.toml", "src/a.rs", "src/b.rs"] {
            fs::File::options()
                .write(true)
                .open(out.join(file))
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
        files.insert("src/b.rs".to_owned(), "// b, changed\n".to_owned());
        files.insert("src/c.rs".to_owned(), "// a\n".to_owned());
        write(&out, &files).unwrap();
        let modified = |file: &str| fs::metadata(out.join(file)).unwrap().modified().unwrap();
        assert_eq!(modified("Cargo.toml"), long_ago);
        assert_eq!(modified("src/a.rs"), long_ago);
        assert_ne!(modified("src/b.rs"), long_ago, "changed");
        assert_ne!(
            modified("src/c.rs"),
            long_ago,
            "new, though equal to another file"
        );
        assert_eq!(
            fs::read_to_string(out.join("src/b.rs")).unwrap(),
            "// b, changed\n"
        );
    }

    #[test]
    fn the_lock_file_and_build_folder_survive_regeneration_and_are_not_extra() {
        let (dir, out, mut files) = written(&[("src/lib.rs", "// lib\n")]);
        fs::write(out.join("Cargo.lock"), "# pinned versions\n").unwrap();
        fs::create_dir_all(out.join("target/debug")).unwrap();
        fs::write(out.join("target/debug/libx.rlib"), "built").unwrap();
        fs::write(out.join("src/stale.rs"), "// not generated\n").unwrap();

        let report = check(&out, &files).unwrap().expect("stale.rs is extra");
        assert!(report.contains("extra: src/stale.rs"), "{report}");
        assert!(!report.contains("Cargo.lock"), "{report}");
        assert!(!report.contains("target"), "{report}");

        files.insert("src/lib.rs".to_owned(), "// lib, changed\n".to_owned());
        write(&out, &files).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("Cargo.lock")).unwrap(),
            "# pinned versions\n"
        );
        assert_eq!(
            fs::read_to_string(out.join("target/debug/libx.rlib")).unwrap(),
            "built"
        );
        assert!(
            !out.join("src/stale.rs").exists(),
            "anything else is replaced"
        );
        assert_eq!(check(&out, &files).unwrap(), None);
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["crate"], "no staging or backup folder is left");
    }
}
