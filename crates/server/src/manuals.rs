//! Manual files (マニュアル照会): real PDFs only, under a size limit, kept in
//! `<data_dir>/manuals/<id>.pdf`.

use std::path::PathBuf;

use crate::config::Settings;

/// What an upload must be.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;

pub fn path_of(settings: &Settings, id: &str) -> PathBuf {
    settings.data_dir.join("manuals").join(format!("{id}.pdf"))
}

/// A PDF starts with `%PDF-1.x`/`%PDF-2.0` and ends with an `%%EOF` marker (allowing trailing
/// whitespace); anything else is refused, whatever its name says.
pub fn check_pdf(bytes: &[u8]) -> Result<(), String> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(format!(
            "ファイルが大きすぎます（上限 {} MB）",
            MAX_BYTES / 1024 / 1024
        ));
    }
    if !bytes.starts_with(b"%PDF-") {
        return Err("PDFファイルではありません".into());
    }
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err("PDFファイルが壊れています（%%EOF がありません）".into());
    }
    Ok(())
}

/// A small valid one-page PDF (for the demo and tests).
pub fn sample_pdf(title: &str) -> Vec<u8> {
    let text = title.replace(['(', ')', '\\'], "");
    let stream = format!("BT /F1 18 Tf 72 760 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_pdf_passes_and_anything_else_is_refused() {
        assert_eq!(check_pdf(&sample_pdf("manual")), Ok(()));
        assert!(check_pdf(b"PK\x03\x04 a zip named .pdf").is_err());
        assert!(check_pdf(b"%PDF-1.4 truncated").is_err());
        assert!(check_pdf(b"").is_err());
    }
}
