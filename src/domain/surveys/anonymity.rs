//! The anonymity rules of a survey, in one place: the smallest group, which groups may be
//! shown (folding), and *finality* — once results can be shown, the survey cannot take in
//! another answer, so no difference between two views of its results can single anyone out.
//! See `docs/security.md`, "Insiders: survey anonymity".

use chrono::NaiveDate;
use diesel::prelude::*;

use super::{Status, Survey, SurveyInput};
use crate::db::schema::surveys;
use crate::domain::{DbConn, FieldErrors, Result, now};

/// No survey shows a group smaller than this, whatever its settings say: with two, each of
/// the two knows the other's answers.
pub const MIN_GROUP_SIZE_FLOOR: i32 = 3;
/// The largest smallest group a survey may ask for.
pub const MIN_GROUP_SIZE_MAX: i32 = 50;

/// Whether a survey with `responses` answers shows results on `today`: closed, and at least
/// its smallest group answered.
pub fn results_visible(survey: &Survey, responses: i64, today: NaiveDate) -> bool {
    survey.status(today) == Status::Closed && responses >= i64::from(min_group(survey))
}

/// The smallest group of a survey (never below the floor, even for rows written before it).
pub fn min_group(survey: &Survey) -> i32 {
    survey.min_group_size.max(MIN_GROUP_SIZE_FLOOR)
}

/// Whether a survey is final: its results can be shown (or were), so nothing may let another
/// answer in — no re-opening, later closing date, new invitations or reminders. A survey
/// closed with fewer answers than its smallest group showed nothing and is not final.
pub fn is_final(conn: &mut DbConn, survey: &Survey, today: NaiveDate) -> Result<bool> {
    let responses = super::response_count(conn, survey.id)?;
    Ok(results_visible(survey, responses, today))
}

/// Refuses with "make a new survey" when the survey is final.
pub fn ensure_not_final(
    conn: &mut DbConn,
    survey: &Survey,
    today: NaiveDate,
    field: &'static str,
) -> Result<()> {
    if is_final(conn, survey, today)? {
        return Err(FieldErrors::single(field, "field-survey-final"));
    }
    Ok(())
}

/// The settings a final survey may not change (dates, anonymity, smallest group), each named
/// with "this survey is final"; title, introduction, rollout and reminder days may change.
pub fn fixed_once_final(current: &Survey, input: &SurveyInput) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if input.opens_on != current.opens_on {
        errors.add("opens_on", "field-survey-final");
    }
    if input.closes_on != current.closes_on {
        errors.add("closes_on", "field-survey-final");
    }
    if input.anonymous != current.anonymous {
        errors.add("anonymous", "field-survey-final");
    }
    if input.min_group_size != current.min_group_size {
        errors.add("min_group_size", "field-survey-final");
    }
    errors
}

/// Records that a survey's results are being shown: a survey closed by its date gets its
/// `closed_at`, so that no later change of date or time zone can open it again.
pub fn finalise(conn: &mut DbConn, survey: &mut Survey) -> Result<()> {
    if survey.closed_at.is_none() {
        let at = now();
        diesel::update(surveys::table.find(survey.id))
            .filter(surveys::closed_at.is_null())
            .set(surveys::closed_at.eq(Some(at)))
            .execute(conn)?;
        survey.closed_at = Some(at);
    }
    Ok(())
}

/// Which of `sizes` (a count per key) may be shown on their own when everything else is
/// shown together as "other", out of `total`. A key shows when it has at least `min`; when
/// "other" would then be non-empty but smaller than `min`, the smallest shown keys fold into
/// it until it is big enough — otherwise "everyone" minus the shown keys would reveal it.
/// Returns the shown keys, largest first.
pub fn fold<K: Copy + PartialEq>(sizes: &[(K, usize)], total: usize, min: usize) -> Vec<K> {
    let mut big: Vec<(K, usize)> = sizes.iter().filter(|(_, n)| *n >= min).copied().collect();
    big.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let mut other = total.saturating_sub(big.iter().map(|(_, n)| n).sum::<usize>());
    while other > 0 && other < min {
        match big.pop() {
            Some((_, n)) => other += n,
            None => break,
        }
    }
    big.into_iter().map(|(k, _)| k).collect()
}

/// Checks a smallest group size as entered.
pub fn check_min_group(size: i32, errors: &mut FieldErrors) {
    if !(MIN_GROUP_SIZE_FLOOR..=MIN_GROUP_SIZE_MAX).contains(&size) {
        errors.add("min_group_size", "field-min-group-size");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_never_leaves_a_small_remainder_beside_shown_groups() {
        // Sizes 6, 5, 2 of 13 with min 5: "other" (2) is too small, so the 5 folds in.
        assert_eq!(fold(&[(1, 6), (2, 5), (3, 2)], 13, 5), vec![1]);
        // Everyone in big groups: all shown.
        assert_eq!(fold(&[(1, 6), (2, 5)], 11, 5), vec![1, 2]);
        // Nothing big enough: nothing shown on its own.
        assert!(fold(&[(1, 2), (2, 2)], 4, 3).is_empty());
        for min in 1..=8 {
            for sizes in [[3usize, 4, 1], [5, 5, 2], [1, 1, 1], [7, 2, 6]] {
                let keyed: Vec<(usize, usize)> = sizes.iter().copied().enumerate().collect();
                let total = sizes.iter().sum::<usize>() + 1; // one without a key
                let shown = fold(&keyed, total, min);
                let rest = total - shown.iter().map(|k| sizes[*k]).sum::<usize>();
                assert!(
                    shown.is_empty() || rest == 0 || rest >= min,
                    "min {min}, {sizes:?}: a remainder of {rest} could be derived"
                );
            }
        }
    }

    #[test]
    fn the_smallest_group_is_at_least_three() {
        for (size, ok) in [
            (1, false),
            (2, false),
            (3, true),
            (5, true),
            (50, true),
            (51, false),
        ] {
            let mut errors = FieldErrors::default();
            check_min_group(size, &mut errors);
            assert_eq!(errors.is_empty(), ok, "{size}");
        }
    }
}
