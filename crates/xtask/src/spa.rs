//! Builds the SPA: cargo for wasm32 with the size profile, wasm-bindgen-cli at the Cargo.lock
//! version, content-hashed file names, and index.html from the template. No wasm-opt: Debian's
//! version breaks the bundle (see FEASIBILITY.md).

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use crate::util::{self, cargo, content_hash, locked_version, output, root, step, target_dir};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Release,
}

const TARGET: &str = "wasm32-unknown-unknown";

pub fn ensure_wasm_tools() -> Result<(), String> {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !installed.lines().any(|l| l.trim() == TARGET) {
        step("adding the wasm32 target");
        util::run(Command::new("rustup").args(["target", "add", TARGET]))?;
    }
    let want = locked_version("wasm-bindgen").ok_or("wasm-bindgen is not in Cargo.lock")?;
    let have = output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if !have.contains(&want) {
        step(&format!(
            "installing wasm-bindgen-cli {want} (a few minutes, once)"
        ));
        // Not --locked: its lockfile wants a crate the registry lacks.
        util::run(
            Command::new(util::cargo_bin())
                .args(["install", "wasm-bindgen-cli", "--version", &want])
                .env_remove("CARGO_TARGET_DIR"),
        )?;
    }
    Ok(())
}

/// Returns the dist folder.
pub fn build(_profile: Profile) -> Result<PathBuf, String> {
    ensure_wasm_tools()?;
    step("building the SPA (wasm32, size profile)");
    cargo(&[
        "build",
        "-p",
        "cjs-web",
        "--target",
        TARGET,
        "--profile",
        "wasm-release",
    ])?;
    let wasm = target_dir().join(TARGET).join("wasm-release/cjs-web.wasm");
    let web = root().join("frontend");
    let dist = web.join("dist");
    let staging = target_dir().join("spa-staging");
    let _ = fs::remove_dir_all(&staging);
    fs::create_dir_all(&staging).map_err(|e| e.to_string())?;
    util::run(
        Command::new("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                "cjs-web",
                "--out-dir",
            ])
            .arg(&staging)
            .arg(&wasm),
    )?;
    let read = |p: PathBuf| fs::read(&p).map_err(|e| format!("{}: {e}", p.display()));
    // Function names are 40% of the module and only help debuggers.
    let wasm_bytes = strip_custom_sections(
        &read(staging.join("cjs-web_bg.wasm"))?,
        &["name", "producers"],
    )?;
    let js = String::from_utf8(read(staging.join("cjs-web.js"))?).map_err(|e| e.to_string())?;
    let css = read(web.join("style.css"))?;
    let template = String::from_utf8(read(web.join("index.html"))?).map_err(|e| e.to_string())?;

    let hash = content_hash(&[&wasm_bytes, js.as_bytes()]);
    let css_hash = content_hash(&[&css]);
    let name = format!("cjs-web-{hash}");
    // The glue loads the wasm by its own name; point it at the hashed one.
    let js = js.replace("cjs-web_bg.wasm", &format!("{name}_bg.wasm"));
    let boot = format!("import init from './{name}.js';\ninit();\n");
    let boot_name = format!("boot-{}.js", content_hash(&[boot.as_bytes()]));

    let _ = fs::remove_dir_all(&dist);
    let assets = dist.join("assets");
    fs::create_dir_all(&assets).map_err(|e| e.to_string())?;
    let write = |name: &str, bytes: &[u8]| {
        fs::write(assets.join(name), bytes).map_err(|e| format!("{name}: {e}"))
    };
    write(&format!("{name}_bg.wasm"), &wasm_bytes)?;
    write(&format!("{name}.js"), js.as_bytes())?;
    write(&format!("style-{css_hash}.css"), &css)?;
    write(&boot_name, boot.as_bytes())?;
    let index = template
        .replace("{{STYLE}}", &format!("/assets/style-{css_hash}.css"))
        .replace("{{BOOT}}", &format!("/assets/{boot_name}"));
    fs::write(dist.join("index.html"), index).map_err(|e| e.to_string())?;

    // gzip -9 size; stdin is fed from a thread so a full stdout pipe cannot deadlock us.
    let gz = |bytes: &[u8]| -> Option<usize> {
        let mut child = Command::new("gzip")
            .args(["-9c"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .ok()?;
        let mut stdin = child.stdin.take()?;
        let input = bytes.to_vec();
        let writer = std::thread::spawn(move || {
            use std::io::Write;
            stdin.write_all(&input)
        });
        let out = child.wait_with_output().ok()?;
        writer.join().ok()?.ok()?;
        Some(out.stdout.len())
    };
    let total_gz: usize = [wasm_bytes.as_slice(), js.as_bytes(), &css, boot.as_bytes()]
        .iter()
        .filter_map(|b| gz(b))
        .sum();
    println!(
        "SPA built into {}: wasm {} KB ({} KB gzipped), JS + CSS + boot {} KB; total gzipped {} KB",
        dist.display(),
        wasm_bytes.len() / 1024,
        gz(&wasm_bytes).unwrap_or(0) / 1024,
        (js.len() + css.len() + boot.len()) / 1024,
        total_gz / 1024
    );
    Ok(dist)
}

fn leb128(bytes: &[u8], mut at: usize) -> Option<(usize, usize)> {
    let (mut value, mut shift) = (0usize, 0u32);
    loop {
        let b = *bytes.get(at)?;
        at += 1;
        value |= usize::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some((value, at));
        }
        shift += 7;
    }
}

/// Drops the named custom sections from a wasm module (the rest is copied byte for byte).
pub fn strip_custom_sections(wasm: &[u8], names: &[&str]) -> Result<Vec<u8>, String> {
    let bad = || "not a wasm module".to_owned();
    if wasm.get(..4) != Some(b"\0asm") {
        return Err(bad());
    }
    let mut out = wasm[..8].to_vec();
    let mut at = 8;
    while at < wasm.len() {
        let start = at;
        let id = wasm[at];
        let (size, body) = leb128(wasm, at + 1).ok_or_else(bad)?;
        let end = body
            .checked_add(size)
            .filter(|e| *e <= wasm.len())
            .ok_or_else(bad)?;
        let drop = id == 0
            && leb128(wasm, body).is_some_and(|(len, name_at)| {
                wasm.get(name_at..name_at + len)
                    .is_some_and(|n| names.iter().any(|x| x.as_bytes() == n))
            });
        if !drop {
            out.extend_from_slice(&wasm[start..end]);
        }
        at = end;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::strip_custom_sections;

    #[test]
    fn named_custom_sections_go_and_the_rest_stays() {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        m.extend_from_slice(&[1, 1, 0]); // type section, 1 byte
        m.extend_from_slice(&[0, 6, 4, b'n', b'a', b'm', b'e', 9]); // custom "name"
        m.extend_from_slice(&[0, 3, 2, b'k', b'p']); // custom "kp"
        let out = strip_custom_sections(&m, &["name"]).expect("wasm");
        assert_eq!(&out[8..], &[1, 1, 0, 0, 3, 2, b'k', b'p']);
        assert!(strip_custom_sections(b"nope", &["name"]).is_err());
    }
}
