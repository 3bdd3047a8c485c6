//! Shared pieces of the screens: form fields, the error and success banners, the software
//! keyboard, the logged-in frame with its menu bar, F-keys and file downloads.

pub mod authed;
pub mod buttons;
pub mod checks;
pub mod download;
pub mod errors;
pub mod field;
pub mod fkeys;
pub mod form;
pub mod pairs;
pub mod restrictions;
pub mod soft_keyboard;
