//! Small inline SVG charts drawn on the server (no script needed): the sparkline of a key
//! result's check-ins.

use serde::Serialize;

/// A sparkline in a 100 × 30 box: the values as a polyline, and the target as a line.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Sparkline {
    /// `x,y` pairs for `<polyline points=…>`.
    pub points: String,
    /// Where the target line runs (y).
    pub target_y: f64,
}

const WIDTH: f64 = 100.0;
const HEIGHT: f64 = 30.0;
const PAD: f64 = 2.0;

/// The start value, then each check-in's value, against the target. `None` with fewer than
/// two points (nothing to draw yet).
pub fn sparkline(values: &[f64], target: f64) -> Option<Sparkline> {
    if values.len() < 2 {
        return None;
    }
    let (lo, hi) = values
        .iter()
        .chain(std::iter::once(&target))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    let span = if hi > lo { hi - lo } else { 1.0 };
    let y = |v: f64| ((HEIGHT - PAD) - (v - lo) / span * (HEIGHT - 2.0 * PAD)).clamp(0.0, HEIGHT);
    let step = WIDTH / (values.len() - 1) as f64;
    let points = values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{:.1},{:.1}", i as f64 * step, y(*v)))
        .collect::<Vec<_>>()
        .join(" ");
    Some(Sparkline {
        points,
        target_y: (y(target) * 10.0).round() / 10.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines_scale_values_and_target_into_the_box() {
        assert_eq!(sparkline(&[3.0], 10.0), None);
        let s = sparkline(&[0.0, 5.0, 10.0], 10.0).unwrap();
        assert_eq!(s.points, "0.0,28.0 50.0,15.0 100.0,2.0");
        assert_eq!(s.target_y, 2.0);
        // A falling metric with its target below: the target is the bottom line.
        let s = sparkline(&[8.0, 6.0], 2.0).unwrap();
        assert_eq!(s.target_y, 28.0);
        let flat = sparkline(&[4.0, 4.0], 4.0).unwrap();
        assert_eq!(flat.points, "0.0,28.0 100.0,28.0");
    }
}
