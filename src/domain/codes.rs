//! Closed sets of values (statuses, kinds, phases, roles) stored as their text code.
//! [`text_enum!`] declares such an enum with one code per variant and generates the rest:
//! `ALL` (in declaration order), `code(self) -> &'static str`, `parse(&str) -> Option<Self>`,
//! and diesel's mapping to `TEXT` on both backends. A row holds the enum, never a string to
//! compare, and a stored code the program does not know fails loudly when read instead of
//! turning into a default. The serde and OpenAPI attributes stay with the declaration.

/// Declares an enum whose variants each have a text code:
///
/// ```ignore
/// text_enum! {
///     /// What a person may do.
///     #[derive(Serialize, utoipa::ToSchema)]
///     #[serde(rename_all = "snake_case")]
///     pub enum Status {
///         Draft = "draft",
///         Active = "active",
///     }
/// }
/// ```
///
/// It derives `Debug`, `Clone`, `Copy`, `PartialEq`, `Eq` and diesel's `AsExpression` and
/// `FromSqlRow` over `Text`, and implements `ALL`, `code`, `parse` and [`stored_as_text!`].
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)?
        }
    ) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, diesel::AsExpression, diesel::FromSqlRow)]
        $(#[$meta])*
        #[diesel(sql_type = diesel::sql_types::Text)]
        $vis enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in the order declared.
            pub const ALL: [$name; [$($code),+].len()] = [$($name::$variant),+];

            /// The code the value is stored as.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            /// The value of a code; `None` for one the program does not know.
            pub fn parse(code: &str) -> Option<$name> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        $crate::domain::codes::stored_as_text!($name);
    };
}
pub(crate) use text_enum;

/// Implements diesel's `ToSql`/`FromSql` for `Text` on every backend through the type's
/// `code` and `parse` (for an enum [`text_enum!`] cannot declare, such as one whose `parse`
/// reads more than its codes).
macro_rules! stored_as_text {
    ($($t:ty),* $(,)?) => {$(
        impl<DB> diesel::serialize::ToSql<diesel::sql_types::Text, DB> for $t
        where
            DB: diesel::backend::Backend,
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, DB>,
            ) -> diesel::serialize::Result {
                self.code().to_sql(out)
            }
        }

        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $t
        where
            DB: diesel::backend::Backend,
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                let code = String::from_sql(bytes)?;
                <$t>::parse(&code).ok_or_else(|| {
                    format!("unknown {} code {code:?}", stringify!($t)).into()
                })
            }
        }
    )*};
}
pub(crate) use stored_as_text;
