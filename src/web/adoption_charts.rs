//! The adoption dashboard's charts, as geometry for inline SVG: teams per stage stacked by
//! week, routine trends as lines (0–100 %), and a team's year as a heat map of weeks. The
//! templates draw what these return, with titles, legends and a data table beside each
//! chart, so nothing depends on script and they print.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::adoption::metrics::ratio;
use crate::domain::adoption::person::PersonWeek;
use crate::domain::adoption::views::Totals;
use crate::domain::adoption::{Stage, Week, WeekState};

pub const WIDTH: f64 = 640.0;
pub const HEIGHT: f64 = 240.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 28.0;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Tick {
    pub pos: f64,
    pub label: String,
}

/// A filled area or a line, by series key (a stage, a metric or a cohort).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Shape {
    pub key: String,
    pub d: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Chart {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub bottom: f64,
    pub right: f64,
    pub top: f64,
    /// Week labels (ISO dates, formatted by the template).
    pub x_ticks: Vec<Tick>,
    /// Value labels (team counts, or percentages as whole numbers).
    pub y_ticks: Vec<Tick>,
    pub shapes: Vec<Shape>,
}

fn x_of(i: usize, n: usize) -> f64 {
    let span = WIDTH - LEFT - RIGHT;
    if n <= 1 {
        LEFT + span / 2.0
    } else {
        LEFT + span * i as f64 / (n - 1) as f64
    }
}

fn y_of(value: f64, max: f64) -> f64 {
    let span = HEIGHT - TOP - BOTTOM;
    let share = if max > 0.0 { value / max } else { 0.0 };
    round(HEIGHT - BOTTOM - span * share.clamp(0.0, 1.0))
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// At most seven x labels, the first and then evenly spaced.
fn x_ticks(labels: &[String]) -> Vec<Tick> {
    let step = labels.len().div_ceil(7).max(1);
    labels
        .iter()
        .enumerate()
        .filter(|(i, _)| i % step == 0)
        .map(|(i, label)| Tick {
            pos: round(x_of(i, labels.len())),
            label: label.clone(),
        })
        .collect()
}

fn frame(labels: &[String], y_ticks: Vec<Tick>, shapes: Vec<Shape>) -> Chart {
    Chart {
        width: WIDTH,
        height: HEIGHT,
        left: LEFT,
        bottom: HEIGHT - BOTTOM,
        right: WIDTH - RIGHT,
        top: TOP,
        x_ticks: x_ticks(labels),
        y_ticks,
        shapes,
    }
}

fn count_of(t: &Totals, stage: Stage) -> u32 {
    t.stages[stage.index()]
}

/// Teams per stage, stacked, week by week. `None` without weeks.
pub fn stages(totals: &[Totals]) -> Option<Chart> {
    if totals.is_empty() {
        return None;
    }
    let n = totals.len();
    let max = totals
        .iter()
        .map(|t| t.stages.iter().sum::<u32>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let mut below = vec![0u32; n];
    let mut shapes = Vec::new();
    // Stacked bottom up: the healthy stages at the bottom.
    for stage in Stage::LADDER {
        let above: Vec<u32> = totals
            .iter()
            .zip(&below)
            .map(|(t, b)| b + count_of(t, stage))
            .collect();
        if above != below {
            let top =
                (0..n).map(|i| format!("{:.1},{:.1}", x_of(i, n), y_of(f64::from(above[i]), max)));
            let bottom = (0..n)
                .rev()
                .map(|i| format!("{:.1},{:.1}", x_of(i, n), y_of(f64::from(below[i]), max)));
            let points: Vec<String> = top.chain(bottom).collect();
            shapes.push(Shape {
                key: stage.code().into(),
                d: format!("M{}Z", points.join("L")),
            });
        }
        below = above;
    }
    let y_ticks = [0.0, max / 2.0, max]
        .into_iter()
        .map(|v| Tick {
            pos: y_of(v, max),
            label: format!("{}", v.round()),
        })
        .collect();
    Some(frame(&week_labels(totals), y_ticks, shapes))
}

/// Weeks as x labels (ISO dates; the templates format them).
fn week_labels(totals: &[Totals]) -> Vec<String> {
    totals.iter().map(|t| t.week.to_string()).collect()
}

/// Lines of shares (0–1) over the x labels (weeks or months); points without a value leave
/// a gap.
pub fn trends(labels: &[String], series: &[(String, Vec<Option<f64>>)]) -> Option<Chart> {
    if labels.is_empty() {
        return None;
    }
    let n = labels.len();
    let shapes = series
        .iter()
        .filter_map(|(key, values)| {
            let mut d = String::new();
            let mut pen_down = false;
            for (i, v) in values.iter().enumerate() {
                match v {
                    Some(v) => {
                        let cmd = if pen_down { 'L' } else { 'M' };
                        d.push_str(&format!("{cmd}{:.1},{:.1}", x_of(i, n), y_of(*v, 1.0)));
                        pen_down = true;
                    }
                    None => pen_down = false,
                }
            }
            (!d.is_empty()).then(|| Shape {
                key: key.clone(),
                d,
            })
        })
        .collect();
    let y_ticks = [0.0, 0.5, 1.0]
        .into_iter()
        .map(|v| Tick {
            pos: y_of(v, 1.0),
            label: format!("{}", (v * 100.0).round()),
        })
        .collect();
    Some(frame(labels, y_ticks, shapes))
}

/// The routine trends of some weeks added up: meetings held (of those due), attendance,
/// check-in coverage.
pub fn routine_trends(totals: &[Totals]) -> Option<Chart> {
    trends(
        &week_labels(totals),
        &[
            (
                "held".into(),
                totals.iter().map(Totals::held_share).collect(),
            ),
            (
                "attendance".into(),
                totals.iter().map(|t| t.attendance).collect(),
            ),
            (
                "coverage".into(),
                totals.iter().map(|t| t.coverage).collect(),
            ),
        ],
    )
}

/// One week of a team's heat map.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Cell {
    pub x: f64,
    pub y: f64,
    pub week: NaiveDate,
    pub state: &'static str,
    /// How strongly a held week is shaded: its attendance (at least a little).
    pub shade: f64,
    pub attendance: Option<f64>,
    pub coverage: Option<f64>,
    /// A mark besides colour: ✓ held, ✗ missed, – cancelled.
    pub glyph: &'static str,
}

pub const CELL: f64 = 24.0;
pub const GAP: f64 = 4.0;
pub const COLUMNS: usize = 13;
pub const ROW_LABEL: f64 = 90.0;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HeatMap {
    pub width: f64,
    pub height: f64,
    /// A cell's side.
    pub cell: f64,
    pub cells: Vec<Cell>,
    /// Each row's first week (the template formats it).
    pub rows: Vec<Tick>,
}

/// A team's weeks as rows of thirteen (about a quarter each), oldest first.
pub fn heat_map(weeks: &[Week]) -> HeatMap {
    grid(weeks.iter().map(|w| {
        let state = w.facts.state;
        Cell {
            x: 0.0,
            y: 0.0,
            week: w.facts.week,
            state: state.code(),
            shade: match state {
                WeekState::Held => round(0.35 + 0.65 * w.facts.attendance().unwrap_or(1.0)),
                _ => 1.0,
            },
            attendance: w.facts.attendance(),
            coverage: w.facts.coverage(),
            glyph: match state {
                WeekState::Held => "✓",
                WeekState::Missed => "✗",
                WeekState::Cancelled => "–",
                WeekState::Closed | WeekState::Paused => "○",
                WeekState::Pending | WeekState::NoMeeting => "",
            },
        }
    }))
}

/// Lays cells out thirteen to a row, labelling each row with its first week.
fn grid(cells: impl Iterator<Item = Cell>) -> HeatMap {
    let mut placed = Vec::new();
    let mut rows = Vec::new();
    for (i, mut cell) in cells.enumerate() {
        let (row, col) = (i / COLUMNS, i % COLUMNS);
        cell.y = row as f64 * (CELL + GAP);
        cell.x = ROW_LABEL + col as f64 * (CELL + GAP);
        if col == 0 {
            rows.push(Tick {
                pos: cell.y + CELL / 2.0,
                label: cell.week.to_string(),
            });
        }
        placed.push(cell);
    }
    HeatMap {
        width: ROW_LABEL + COLUMNS as f64 * (CELL + GAP),
        height: rows.len().max(1) as f64 * (CELL + GAP),
        cell: CELL,
        cells: placed,
        rows,
    }
}

/// A person's weeks as two maps: at the weekly meeting (✓ present, ✗ absent, E excused,
/// ? not recorded), and their key results checked in (✓ all, ½ some, ✗ none).
pub fn person_maps(weeks: &[PersonWeek]) -> (HeatMap, HeatMap) {
    let cell = |w: &PersonWeek, state: &'static str, glyph: &'static str| Cell {
        x: 0.0,
        y: 0.0,
        week: w.week,
        state,
        shade: 1.0,
        attendance: None,
        coverage: ratio(w.checked, w.owned),
        glyph,
    };
    let meetings = grid(weeks.iter().map(|w| match w.meeting {
        Some("present") => cell(w, "present", "✓"),
        Some("absent") => cell(w, "absent", "✗"),
        Some("excused") => cell(w, "excused", "E"),
        Some(_) => cell(w, "unrecorded", "?"),
        None => cell(w, "none", ""),
    }));
    let check_ins = grid(weeks.iter().map(|w| {
        if w.owned == 0 {
            cell(w, "none", "")
        } else if w.checked >= w.owned {
            cell(w, "all", "✓")
        } else if w.checked > 0 {
            cell(w, "some", "½")
        } else {
            cell(w, "no_check_in", "✗")
        }
    }));
    (meetings, check_ins)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::adoption::metrics::{Thresholds, WeekFacts};
    use crate::domain::adoption::stage::extend;

    fn totals(weeks: &[[u32; Stage::COUNT]]) -> Vec<Totals> {
        weeks
            .iter()
            .enumerate()
            .map(|(i, stages)| Totals {
                week: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
                    + chrono::Days::new(7 * i as u64),
                stages: *stages,
                held: 1,
                due: 2,
                attendance: Some(0.8),
                coverage: if i == 1 { None } else { Some(0.4) },
                on_time: None,
            })
            .collect()
    }

    #[test]
    fn stacked_stages_fill_up_to_the_number_of_teams() {
        assert_eq!(stages(&[]), None);
        // [not started, forming, practising, routine, slipping, stopped, too early]
        let chart = stages(&totals(&[
            [2, 0, 0, 0, 0, 0, 0],
            [1, 1, 0, 0, 0, 0, 0],
            [0, 1, 0, 1, 0, 0, 0],
        ]))
        .unwrap();
        let keys: Vec<&str> = chart.shapes.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(
            keys,
            ["routine", "forming", "not_started"],
            "empty layers left out"
        );
        // The top layer reaches the top of the plot in every week (two teams each week).
        let top = &chart.shapes[2].d;
        assert!(top.starts_with(&format!("M{LEFT:.1},{TOP:.1}")), "{top}");
        assert_eq!(chart.y_ticks.last().unwrap().label, "2");
        assert_eq!(chart.x_ticks[0].label, "2026-01-05");
    }

    #[test]
    fn trend_lines_leave_gaps_where_a_week_has_no_value() {
        let chart = routine_trends(&totals(&[[1, 0, 0, 0, 0, 0, 0]; 3])).unwrap();
        let coverage = chart.shapes.iter().find(|s| s.key == "coverage").unwrap();
        assert_eq!(coverage.d.matches('M').count(), 2, "{}", coverage.d);
        let held = chart.shapes.iter().find(|s| s.key == "held").unwrap();
        assert_eq!(held.d.matches('L').count(), 2);
        // 50 % sits halfway up the plot.
        let mid = HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) / 2.0;
        assert!(held.d.contains(&format!(",{mid:.1}")), "{}", held.d);
    }

    #[test]
    fn the_heat_map_lays_weeks_out_in_rows_of_thirteen() {
        let facts: Vec<WeekFacts> = (0..27)
            .map(|i| WeekFacts {
                state: match i % 3 {
                    0 => WeekState::Held,
                    1 => WeekState::Missed,
                    _ => WeekState::Cancelled,
                },
                expected: 4,
                present: 2,
                ..WeekFacts::empty(
                    NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + chrono::Days::new(7 * i),
                )
            })
            .collect();
        let weeks = extend(&[], &facts, &Thresholds::default());
        let map = heat_map(&weeks);
        assert_eq!(map.cells.len(), 27);
        assert_eq!(map.rows.len(), 3);
        assert_eq!(map.cells[13].x, ROW_LABEL);
        assert_eq!(map.cells[13].y, CELL + GAP);
        assert_eq!(map.cells[0].glyph, "✓");
        assert_eq!(map.cells[0].shade, 0.7, "half present");
        assert_eq!(map.cells[1].glyph, "✗");
        assert_eq!(map.cells[2].glyph, "–");
    }
}
