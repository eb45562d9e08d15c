//! Reorganisations in a simulated world: a team merged into another, or split in two. The
//! people move: they leave one team and join the other the same week, as the same people.

use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use super::generate::Draft;
use super::{Member, Team};

/// About one team in forty is merged into another, and as many are split in two, each in a
/// week in the middle half of the year.
pub(super) fn reorganise(rng: &mut StdRng, drafts: &mut Vec<Draft>, weeks: u32) {
    let n = drafts.len();
    if n < 6 {
        return;
    }
    let count = n.div_ceil(40);
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(rng);
    let mut pick = order.into_iter();
    let mut week = || rng.random_range(weeks / 4..(3 * weeks / 4).max(weeks / 4 + 1));
    let mut merges = Vec::new();
    for _ in 0..count {
        if let (Some(into), Some(gone)) = (pick.next(), pick.next()) {
            merges.push((into, gone, week()));
        }
    }
    // Splits: teams with at least six people staying on, half of whom go.
    let mut splits = Vec::new();
    for t in pick {
        if splits.len() == count {
            break;
        }
        let s = week();
        let staying: Vec<usize> = (0..drafts[t].team.members.len())
            .filter(|j| {
                let p = &drafts[t].team.members[*j];
                p.on_team(s) && p.leaves.is_none()
            })
            .collect();
        if staying.len() >= 6 {
            splits.push((t, s, staying));
        }
    }
    for (into, gone, m) in merges {
        merge(drafts, into, gone, m);
    }
    for (parent, s, staying) in splits {
        split(rng, drafts, parent, s, &staying);
    }
}

/// Team `gone` merges into team `into` in week `m`.
fn merge(drafts: &mut [Draft], into: usize, gone: usize, m: u32) {
    let team = &mut drafts[gone].team;
    team.until = Some(m);
    // Those who would have joined it later (replacing a leaver) never do.
    team.members.retain(|p| p.joins < m);
    let mut moved = Vec::new();
    for (j, p) in team.members.iter_mut().enumerate() {
        if p.leaves.is_none_or(|l| l > m) {
            moved.push(Member {
                joins: m,
                leaves: p.leaves,
                base: p.base,
                moved_from: Some((gone, j)),
            });
            p.leaves = Some(m);
        }
    }
    drafts[into].team.members.extend(moved);
}

/// Half of the people `staying` on team `parent` leave it in week `s` for a new team.
fn split(rng: &mut StdRng, drafts: &mut Vec<Draft>, parent: usize, s: u32, staying: &[usize]) {
    let team = &mut drafts[parent].team;
    let mut members = Vec::new();
    for &j in &staying[staying.len() / 2..] {
        let p = &mut team.members[j];
        members.push(Member {
            joins: s,
            leaves: None,
            base: p.base,
            moved_from: Some((parent, j)),
        });
        p.leaves = Some(s);
    }
    let child = Team {
        name: format!("{} B", team.name),
        course: team.course,
        weekday: rng.random_range(1..=5),
        members,
        krs: rng.random_range(2..=4),
        weeks_to_habit: team.weeks_to_habit,
        from: s,
        until: None,
        weeks: Vec::new(),
    };
    let (cancels_holidays, skips_easter) =
        (drafts[parent].cancels_holidays, drafts[parent].skips_easter);
    drafts.push(Draft {
        team: child,
        cancels_holidays,
        skips_easter,
        pauses: false, // drawn with every team's, after the reorganisations
        parent: Some(parent),
    });
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::super::{Config, Meeting, world};

    #[test]
    fn a_merged_team_ends_and_its_people_join_the_other_a_split_team_begins_with_half() {
        let w = world(Config {
            teams: 80,
            weeks: 52,
            seed: 7,
            start: NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
        });
        let merged: Vec<_> = w.teams.iter().filter(|t| t.until.is_some()).collect();
        let split: Vec<_> = w.teams.iter().filter(|t| t.from > 0).collect();
        assert_eq!(merged.len(), 2);
        assert!(!split.is_empty());
        for (t, team) in w.teams.iter().enumerate() {
            // Nothing happens outside the weeks a team exists.
            for (x, week) in team.weeks.iter().enumerate() {
                if !team.exists(x as u32) {
                    assert_eq!(week.meeting, Meeting::Skipped);
                    assert!(week.check_ins.is_empty() && !week.quarterly);
                }
            }
            // Everyone who moved left the team they came from the week they joined.
            for m in &team.members {
                if let Some((from, j)) = m.moved_from {
                    assert_ne!(from, t);
                    let before = &w.teams[from].members[j];
                    assert_eq!(before.leaves, Some(m.joins));
                    assert!(before.moved_from.is_none());
                }
            }
        }
        for gone in merged {
            let until = gone.until.unwrap();
            assert!(gone.members.iter().all(|m| !m.on_team(until)));
        }
        for team in split {
            assert!(team.members.len() >= 3);
            assert!(team.members.iter().all(|m| m.joins == team.from));
        }
    }
}
