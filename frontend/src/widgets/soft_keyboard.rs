//! ソフトウェアキーボード: the manual recommends typing passwords by clicking an on-screen
//! keyboard (spyware that records the keyboard sees nothing). One keyboard is open at a time; it
//! types into the field it was opened for.
//!
//! Every key is a `button[data-key="…"]` whose key is the character it types. Both cases of the
//! letters are on the keyboard at once; 大文字/小文字 puts the other case first. 並べ替え shuffles
//! the keys (a screen recorder then learns nothing from the click positions).

use leptos::prelude::*;

/// The field whose keyboard is open (one per page).
#[derive(Clone, Copy)]
pub struct OpenKeyboard(pub RwSignal<Option<&'static str>>);

impl OpenKeyboard {
    pub fn provide() {
        provide_context(OpenKeyboard(RwSignal::new(None)));
    }
}

pub const DIGITS: &str = "0123456789";
pub const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
pub const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
/// The symbols a password may contain: printable ASCII that is neither letter nor digit.
pub const SYMBOLS: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/// The button beside a password field.
#[component]
pub fn KeyboardToggle(name: &'static str) -> impl IntoView {
    let open = use_context::<OpenKeyboard>();
    let is_open = move || open.is_some_and(|o| o.0.get() == Some(name));
    let toggle = move |_| {
        if let Some(open) = open {
            open.0
                .update(|o| *o = if *o == Some(name) { None } else { Some(name) });
        }
    };
    view! {
        <button
            type="button"
            class="button button-small keyboard-toggle"
            data-testid=format!("soft-keyboard-toggle-{name}")
            aria-controls=format!("{name}-keyboard")
            aria-expanded=move || is_open().to_string()
            on:click=toggle
        >
            "ソフトウェアキーボード"
        </button>
    }
}

/// A fresh random order (Fisher–Yates with the browser's random numbers).
fn shuffled(keys: &str) -> Vec<char> {
    let mut keys: Vec<char> = keys.chars().collect();
    for i in (1..keys.len()).rev() {
        let j = (random() * (i + 1) as f64) as usize;
        keys.swap(i, j.min(i));
    }
    keys
}

fn random() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Math::random()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.5
    }
}

#[component]
pub fn SoftKeyboard(name: &'static str, value: RwSignal<String>) -> impl IntoView {
    let open = use_context::<OpenKeyboard>();
    let upper_first = RwSignal::new(true);
    let digits = RwSignal::new(DIGITS.chars().collect::<Vec<_>>());
    let upper = RwSignal::new(UPPER.chars().collect::<Vec<_>>());
    let lower = RwSignal::new(LOWER.chars().collect::<Vec<_>>());
    let symbols = RwSignal::new(SYMBOLS.chars().collect::<Vec<_>>());
    let shuffle = move |_| {
        digits.set(shuffled(DIGITS));
        upper.set(shuffled(UPPER));
        lower.set(shuffled(LOWER));
        symbols.set(shuffled(SYMBOLS));
    };
    let close = move |_| {
        if let Some(open) = open {
            open.0.set(None);
        }
        focus_field(name);
    };
    let row = move |keys: RwSignal<Vec<char>>, class: &'static str| {
        view! {
            <div class=format!("keys {class}")>
                {move || {
                    keys.get()
                        .into_iter()
                        .map(|key| {
                            let text = key.to_string();
                            view! {
                                <button
                                    type="button"
                                    class="key"
                                    data-key=text.clone()
                                    on:click=move |_| value.update(|v| v.push(key))
                                >
                                    {text.clone()}
                                </button>
                            }
                        })
                        .collect_view()
                }}
            </div>
        }
    };

    view! {
        <div
            class="soft-keyboard"
            id=format!("{name}-keyboard")
            data-testid="soft-keyboard"
            role="group"
            aria-label="ソフトウェアキーボード"
        >
            {row(digits, "keys-digits")}
            {move || {
                if upper_first.get() {
                    view! {
                        {row(upper, "keys-letters")}
                        {row(lower, "keys-letters")}
                    }
                        .into_any()
                } else {
                    view! {
                        {row(lower, "keys-letters")}
                        {row(upper, "keys-letters")}
                    }
                        .into_any()
                }
            }}
            {row(symbols, "keys-symbols")}
            <div class="keyboard-controls">
                <button
                    type="button"
                    class="key key-wide"
                    data-key="case"
                    aria-pressed=move || (!upper_first.get()).to_string()
                    on:click=move |_| upper_first.update(|u| *u = !*u)
                >
                    "大文字/小文字"
                </button>
                <button type="button" class="key key-wide" data-key="shuffle" on:click=shuffle>
                    "並べ替え"
                </button>
                <button
                    type="button"
                    class="key key-wide"
                    data-key="backspace"
                    aria-label="BS（1文字削除）"
                    on:click=move |_| {
                        value
                            .update(|v| {
                                v.pop();
                            })
                    }
                >
                    "BS"
                </button>
                <button
                    type="button"
                    class="key key-wide"
                    data-key="clear"
                    on:click=move |_| value.set(String::new())
                >
                    "クリア"
                </button>
                <button type="button" class="key key-wide" data-key="close" on:click=close>
                    "閉じる"
                </button>
            </div>
        </div>
    }
}

fn focus_field(name: &str) {
    use leptos::wasm_bindgen::JsCast;
    if let Some(input) = document()
        .get_element_by_id(name)
        .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
    {
        let _ = input.focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keyboard_has_every_character_a_password_may_contain() {
        let all: String = [DIGITS, UPPER, LOWER, SYMBOLS].concat();
        assert_eq!(all.len(), 94);
        for b in 0x21u8..=0x7e {
            assert!(all.contains(char::from(b)), "{}", char::from(b));
        }
    }

    #[test]
    fn shuffling_keeps_every_key_once() {
        let mut keys = shuffled(SYMBOLS);
        keys.sort_unstable();
        let mut expected: Vec<char> = SYMBOLS.chars().collect();
        expected.sort_unstable();
        assert_eq!(keys, expected);
    }
}
