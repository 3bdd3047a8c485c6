//! One labelled input of a form: `name` is the API field name, the label points at it, the
//! server's error for it (`details.field`) shows beside it in `[data-testid=field-error-<name>]`,
//! and a quick check by the manual's rules (cjs-domain) hints at a mistake before sending — only
//! a hint: the server's answer decides. Password fields get the software keyboard.

use leptos::prelude::*;

use crate::widgets::form::FormState;
use crate::widgets::soft_keyboard::{KeyboardToggle, OpenKeyboard, SoftKeyboard};

/// How long after leaving a field its hint appears.
const HINT_DELAY: std::time::Duration = std::time::Duration::from_millis(300);

/// A check of the typed value; `Some(message)` when it breaks a rule.
pub type Check = Callback<String, Option<String>>;

/// Makes a check from a domain parse, e.g. `check(|v| UserId::parse(v).map(|_| ()))`.
pub fn check<E: std::fmt::Display>(
    rule: impl Fn(&str) -> Result<(), E> + Send + Sync + 'static,
) -> Check {
    Callback::new(move |value: String| rule(&value).err().map(|e| e.to_string()))
}

#[component]
pub fn Field(
    /// The API field name: the input's `name` and `id`.
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    form: FormState,
    /// The manual's input rule, shown under the label, e.g. 「半角英数混在6～12桁」.
    #[prop(optional)]
    hint: &'static str,
    /// `text`, `password`, `email`, `date`…
    #[prop(default = "text")]
    kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] inputmode: &'static str,
    #[prop(optional)] maxlength: Option<u32>,
    /// Offer the software keyboard (password fields).
    #[prop(optional)]
    keyboard: bool,
    #[prop(optional)] check: Option<Check>,
    #[prop(optional)] autofocus: bool,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    let hint_id = format!("{name}-hint");
    let touched = RwSignal::new(false);
    let server_error = move || form.field_error(name);
    let local_check = move || {
        let check = check?;
        if !touched.get() || server_error().is_some() {
            return None;
        }
        let typed = value.get();
        if typed.is_empty() {
            return None;
        }
        check.run(typed)
    };
    let invalid = move || server_error().is_some();
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if !hint.is_empty() {
                ids.push(hint_id.clone());
            }
            if server_error().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    let open = use_context::<OpenKeyboard>();
    let keyboard_open = move || open.is_some_and(|o| o.0.get() == Some(name));
    if let Some(open) = open {
        on_cleanup(move || {
            if open.0.get_untracked() == Some(name) {
                open.0.set(None);
            }
        });
    }

    view! {
        <div class="field" class:field-invalid=invalid>
            <label class="field-label" for=name>
                <span class="field-name">{label}</span>
                {(!hint.is_empty())
                    .then(|| view! { <span class="field-hint" id=hint_id.clone()>{hint}</span> })}
            </label>
            <div class="field-body">
                <div class="field-control">
                    <input
                        id=name
                        name=name
                        type=kind
                        autocomplete=autocomplete
                        inputmode=(!inputmode.is_empty()).then_some(inputmode)
                        maxlength=maxlength
                        autofocus=autofocus
                        spellcheck="false"
                        aria-invalid=move || invalid().to_string()
                        aria-describedby=described
                        bind:value=value
                        on:change=move |_| {
                            // The hint may move what is below; wait until the click that
                            // left the field has landed.
                            set_timeout(move || { let _ = touched.try_set(true); }, HINT_DELAY);
                        }
                    />
                    {keyboard.then(|| view! { <KeyboardToggle name=name /> })}
                </div>
                {move || {
                    server_error()
                        .map(|text| {
                            view! {
                                <p
                                    class="field-error"
                                    id=error_id.clone()
                                    data-testid=format!("field-error-{name}")
                                >
                                    {text}
                                </p>
                            }
                        })
                }}
                {move || {
                    local_check()
                        .map(|text| {
                            view! {
                                <p class="field-check" data-testid=format!("field-check-{name}")>
                                    {text}
                                </p>
                            }
                        })
                }}
                {move || keyboard_open().then(|| view! { <SoftKeyboard name=name value=value /> })}
            </div>
        </div>
    }
}

/// A read-only row in the same layout as the fields (ユーザーID on the change screen, …).
#[component]
pub fn StaticField(
    label: &'static str,
    #[prop(into)] value: Signal<String>,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    view! {
        <div class="field field-static">
            <span class="field-label">
                <span class="field-name">{label}</span>
            </span>
            <div class="field-body">
                <span
                    class="field-value"
                    data-testid=(!testid.is_empty()).then_some(testid)
                >
                    {value}
                </span>
            </div>
        </div>
    }
}
