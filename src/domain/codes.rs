//! Closed sets of values (statuses, kinds, phases) stored as their text code. An enum with
//! `code(self) -> &'static str` and `parse(&str) -> Option<Self>`, deriving
//! `AsExpression`/`FromSqlRow` over `Text`, gets diesel's mapping on both backends from
//! [`stored_as_text!`]: a row holds the enum, never a string to compare, and a stored code
//! the program does not know fails loudly when read instead of turning into a default.

/// Implements diesel's `ToSql`/`FromSql` for `Text` on every backend through the type's
/// `code` and `parse`.
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
