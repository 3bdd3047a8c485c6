//! Hands bytes fetched from the API to the browser as a file download (`<a download>` on an
//! object URL), the way the .p12 certificate and the CSV files are saved.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// An object URL for the bytes; keep it to offer the file again, revoke it when done.
pub fn object_url(bytes: &[u8], content_type: &str) -> Result<String, JsValue> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = BlobPropertyBag::new();
    options.set_type(content_type);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    Url::create_object_url_with_blob(&blob)
}

/// Starts the download of `url` as `filename`.
pub fn start(url: &str, filename: &str) -> Result<(), JsValue> {
    let document = leptos::prelude::document();
    let anchor: HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(url);
    anchor.set_download(filename);
    anchor.set_class_name("download-trigger");
    let body = document
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    body.append_child(&anchor)?;
    anchor.click();
    anchor.remove();
    Ok(())
}

/// Saves the bytes as `filename` at once; returns the object URL (for a 「再度保存」 link).
pub fn save(bytes: &[u8], content_type: &str, filename: &str) -> Result<String, JsValue> {
    let url = object_url(bytes, content_type)?;
    start(&url, filename)?;
    Ok(url)
}

/// Saves and forgets (the URL is revoked after the browser has taken the file).
pub fn save_once(bytes: &[u8], content_type: &str, filename: &str) -> Result<(), JsValue> {
    let url = save(bytes, content_type, filename)?;
    leptos::prelude::set_timeout(
        move || {
            let _ = Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}
