//! The tab's sessionStorage, for the one thing that must survive a reload between two screens:
//! the registration token from DC583101 that DC584101 needs (valid 30 minutes, single use).

use cjs_api_types::auth::RegistrationTokenResponse;

const REGISTRATION: &str = "cjs.registration";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

pub fn save_registration(token: &RegistrationTokenResponse) {
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(token)) {
        let _ = storage.set_item(REGISTRATION, &json);
    }
}

pub fn registration() -> Option<RegistrationTokenResponse> {
    let json = storage()?.get_item(REGISTRATION).ok()??;
    serde_json::from_str(&json).ok()
}

pub fn forget_registration() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(REGISTRATION);
    }
}
