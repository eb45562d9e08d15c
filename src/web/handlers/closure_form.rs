//! The closure form of the calendar page: one of three kinds of span, each with its own
//! fields, read into a [`Closure`] (or field errors) and filled from one.

use serde::{Deserialize, Serialize};

use super::parse_date;
use crate::domain::FieldErrors;
use crate::domain::calendar::{self, Closure, Span};

/// The closure form: one of three kinds of span, each with its own fields.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ClosureForm {
    name: String,
    /// `weeks` (every year, ISO weeks), `yearly` (every year, dates) or `once`.
    kind: String,
    first_week: String,
    last_week: String,
    first_month: String,
    first_day: String,
    last_month: String,
    last_day: String,
    first_date: String,
    last_date: String,
    /// Also cancel the scheduled meetings on the closed days.
    pub cancel_meetings: Option<String>,
}

impl ClosureForm {
    pub fn new() -> ClosureForm {
        ClosureForm {
            kind: "weeks".into(),
            ..ClosureForm::default()
        }
    }

    pub fn of(closure: &Closure) -> ClosureForm {
        let mut form = ClosureForm {
            name: closure.name.clone(),
            ..ClosureForm::default()
        };
        match closure.span {
            Span::YearlyWeeks { first, last } => {
                form.kind = "weeks".into();
                form.first_week = first.to_string();
                form.last_week = last.to_string();
            }
            Span::YearlyDates { first, last } => {
                form.kind = "yearly".into();
                (form.first_month, form.first_day) = (first.0.to_string(), first.1.to_string());
                (form.last_month, form.last_day) = (last.0.to_string(), last.1.to_string());
            }
            Span::Dates { first, last } => {
                form.kind = "once".into();
                form.first_date = first.to_string();
                form.last_date = last.to_string();
            }
        }
        form
    }

    /// The closure typed in, or the problems with it (the domain checks the rest).
    pub fn closure(&self) -> Result<Closure, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut number = |field: &'static str, value: &str| {
            value.trim().parse::<u32>().unwrap_or_else(|_| {
                errors.add(field, "field-number-invalid");
                0
            })
        };
        let span = match self.kind.as_str() {
            "weeks" => Some(Span::YearlyWeeks {
                first: number("first_week", &self.first_week),
                last: number("last_week", &self.last_week),
            }),
            "yearly" => Some(Span::YearlyDates {
                first: (
                    number("first_day", &self.first_month),
                    number("first_day", &self.first_day),
                ),
                last: (
                    number("last_day", &self.last_month),
                    number("last_day", &self.last_day),
                ),
            }),
            "once" => Some(Span::Dates {
                first: parse_date(&mut errors, "first_date", &self.first_date),
                last: parse_date(&mut errors, "last_date", &self.last_date),
            }),
            _ => {
                errors.add("kind", "field-closure-kind");
                None
            }
        };
        let closure = Closure {
            id: None,
            name: self.name.clone(),
            span: span.unwrap_or(Span::YearlyWeeks { first: 1, last: 1 }),
        };
        if errors.is_empty() {
            return Ok(closure);
        }
        // Report a bad name together with the other problems.
        if let Err(crate::domain::Error::Invalid(more)) = calendar::store::validate(&Closure {
            span: Span::YearlyWeeks { first: 1, last: 1 },
            ..closure
        }) {
            errors.0.extend(more.0);
        }
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(kind: &str, pairs: &[(&str, &str)]) -> ClosureForm {
        let mut f = ClosureForm {
            name: "Break".into(),
            kind: kind.into(),
            ..ClosureForm::default()
        };
        for (k, v) in pairs {
            let v = (*v).to_owned();
            match *k {
                "first_week" => f.first_week = v,
                "last_week" => f.last_week = v,
                "first_month" => f.first_month = v,
                "first_day" => f.first_day = v,
                "last_month" => f.last_month = v,
                "last_day" => f.last_day = v,
                "first_date" => f.first_date = v,
                "last_date" => f.last_date = v,
                "name" => f.name = v,
                _ => unreachable!(),
            }
        }
        f
    }

    #[test]
    fn the_form_reads_each_kind_and_round_trips() {
        let weeks = form("weeks", &[("first_week", "28"), ("last_week", "30")]);
        let c = weeks.closure().unwrap();
        assert_eq!(
            c.span,
            Span::YearlyWeeks {
                first: 28,
                last: 30
            }
        );
        assert_eq!(ClosureForm::of(&c).closure().unwrap(), c);
        let yearly = form(
            "yearly",
            &[
                ("first_month", "12"),
                ("first_day", "24"),
                ("last_month", "1"),
                ("last_day", "1"),
            ],
        );
        let c = yearly.closure().unwrap();
        assert_eq!(
            c.span,
            Span::YearlyDates {
                first: (12, 24),
                last: (1, 1)
            }
        );
        assert_eq!(ClosureForm::of(&c).closure().unwrap(), c);
        let once = form(
            "once",
            &[("first_date", "2027-02-01"), ("last_date", "2027-02-05")],
        );
        let c = once.closure().unwrap();
        assert_eq!(ClosureForm::of(&c).closure().unwrap(), c);
    }

    #[test]
    fn bad_input_names_its_fields() {
        let fields = |f: ClosureForm| -> Vec<&'static str> {
            f.closure().unwrap_err().0.iter().map(|e| e.field).collect()
        };
        assert_eq!(
            fields(form("weeks", &[("first_week", "x"), ("last_week", "3")])),
            ["first_week"]
        );
        assert_eq!(
            fields(form(
                "once",
                &[
                    ("first_date", "2027-13-01"),
                    ("last_date", ""),
                    ("name", "")
                ]
            )),
            ["first_date", "last_date", "name"]
        );
        assert_eq!(fields(form("monthly", &[])), ["kind"]);
    }
}
