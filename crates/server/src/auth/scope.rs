//! `Scoped<F, A>`: the one extractor every endpoint behind the login uses. It authenticates the
//! request (`Authenticated`), refuses a pending temporary password (E2301), resolves the session's
//! payment group (E2305 when the function works on one and none is chosen), and applies the one
//! rule (`cjs_domain::session::decide`) to the group's services and the user's restriction for
//! function `F` with access `A`: not contracted or 非表示 → E2302, 閲覧のみ on a change → E2303.
//! The handler receives `{user, contract, group, services}` and never decides access itself.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use cjs_api_types::ErrorCode;
use cjs_domain::session::decide;
use cjs_domain::{Access, Decision, Function, Service};
use cjs_store::contracts::PaymentGroupRow;

use crate::auth::Authenticated;
use crate::error::AppError;

/// How a function is scoped: to one payment group (`PaymentGroupRow`) or to the contract
/// (`Option<PaymentGroupRow>`, the group if one is chosen).
pub trait GroupScope: Sized + Send + 'static {
    fn resolve(chosen: Option<&PaymentGroupRow>) -> Result<Self, AppError>;
}

impl GroupScope for PaymentGroupRow {
    fn resolve(chosen: Option<&PaymentGroupRow>) -> Result<Self, AppError> {
        chosen
            .cloned()
            .ok_or_else(|| AppError::new(ErrorCode::E2305))
    }
}

impl GroupScope for Option<PaymentGroupRow> {
    fn resolve(chosen: Option<&PaymentGroupRow>) -> Result<Self, AppError> {
        Ok(chosen.cloned())
    }
}

/// A business function as a type, so a handler's signature names what it needs.
pub trait FunctionScope: Send + 'static {
    const FUNCTION: Function;
    type Group: GroupScope;
}

/// Reading or changing, as a type.
pub trait AccessKind: Send + 'static {
    const ACCESS: Access;
}

/// 照会・出力.
pub struct Read;
/// 登録・更新・削除・確定.
pub struct Write;

impl AccessKind for Read {
    const ACCESS: Access = Access::Read;
}
impl AccessKind for Write {
    const ACCESS: Access = Access::Write;
}

macro_rules! function_scopes {
    ($($(#[$doc:meta])* $name:ident => $function:ident, $group:ty;)+) => {$(
        $(#[$doc])*
        pub struct $name;
        impl FunctionScope for $name {
            const FUNCTION: Function = Function::$function;
            type Group = $group;
        }
    )+};
}

function_scopes! {
    /// 共通機能 of the contract (お知らせ, マニュアル照会).
    Common => Common, Option<PaymentGroupRow>;
    /// 共通機能 of the chosen payment group (インフォメーション, 控除スケジュール).
    CommonInGroup => Common, PaymentGroupRow;
    /// システム管理機能: ユーザー情報の照会, for every user.
    SystemAdmin => SystemAdmin, Option<PaymentGroupRow>;
    /// 契約ユーザー情報照会 and 操作ログ照会: the master's part of システム管理機能.
    UserManagement => UserManagement, Option<PaymentGroupRow>;
    /// 労金控除事務.
    RokinDeduction => RokinDeduction, PaymentGroupRow;
    /// 賃控元帳事務.
    Ledger => Ledger, PaymentGroupRow;
    /// 一斉積立事務.
    CollectiveSavings => CollectiveSavings, PaymentGroupRow;
    /// 財形貯蓄事務.
    Zaikei => Zaikei, PaymentGroupRow;
}

/// What a handler behind the login receives: who (`user`, `contract` through `Deref`), where
/// (`group`) and what that group has contracted (`services`).
pub struct Scoped<F: FunctionScope, A: AccessKind = Read> {
    pub auth: Authenticated,
    pub group: F::Group,
    pub services: Vec<Service>,
    _scope: PhantomData<(F, A)>,
}

impl<F: FunctionScope, A: AccessKind> std::ops::Deref for Scoped<F, A> {
    type Target = Authenticated;
    fn deref(&self) -> &Authenticated {
        &self.auth
    }
}

/// The services of a payment group (none without one).
pub fn services_of(group: Option<&PaymentGroupRow>) -> Vec<Service> {
    group.map(|g| g.services.clone()).unwrap_or_default()
}

/// The rule's answer as the API's error.
pub fn allowed(
    auth: &Authenticated,
    services: &[Service],
    function: Function,
    access: Access,
) -> Result<(), AppError> {
    match decide(
        auth.user.role,
        &auth.user.restrictions(),
        services,
        function,
        access,
    ) {
        Decision::Allow => Ok(()),
        Decision::ReadOnly => Err(AppError::new(ErrorCode::E2303)),
        Decision::Hidden | Decision::NotContracted => Err(AppError::new(ErrorCode::E2302)),
    }
}

impl<F: FunctionScope, A: AccessKind> Scoped<F, A> {
    pub fn from_auth(auth: Authenticated) -> Result<Self, AppError> {
        if auth.user.must_change_password {
            return Err(AppError::new(ErrorCode::E2301));
        }
        let group = F::Group::resolve(auth.group.as_ref())?;
        let services = services_of(auth.group.as_ref());
        allowed(&auth, &services, F::FUNCTION, A::ACCESS)?;
        Ok(Scoped {
            auth,
            group,
            services,
            _scope: PhantomData,
        })
    }

    pub fn function(&self) -> Function {
        F::FUNCTION
    }

    /// The same decision as the extractor, then `read` on the same database connection in the
    /// same blocking hop: a read behind the login costs one hand-off instead of two.
    pub async fn read<T, R>(req: &HttpRequest, read: R) -> Result<(Self, T), AppError>
    where
        T: Send + 'static,
        R: FnOnce(&mut cjs_store::DbConnection, &Scoped<F, A>) -> cjs_store::StoreResult<T>
            + Send
            + 'static,
    {
        crate::auth::extract::authenticate_then(req, move |conn, auth| {
            let scope = match Scoped::<F, A>::from_auth(auth) {
                Ok(scope) => scope,
                Err(e) => return Ok(Err(e)),
            };
            let out = read(conn, &scope)?;
            Ok(Ok((scope, out)))
        })
        .await
    }
}

impl<F: FunctionScope, A: AccessKind> FromRequest for Scoped<F, A> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let fut = Authenticated::from_request(req, payload);
        Box::pin(async move { Scoped::from_auth(fut.await?) })
    }
}
