//! CSV for spreadsheets: exports are written through here, and text a spreadsheet would run
//! as a formula gets a leading apostrophe.

use super::{Error, Result};

/// A text cell, safe to open in a spreadsheet.
pub fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// A header line and the rows, as CSV text.
pub fn write(header: &[&str], rows: Vec<Vec<String>>) -> Result<String> {
    let internal = |e: csv::Error| Error::Internal(e.to_string());
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(header).map_err(internal)?;
    for row in rows {
        out.write_record(row).map_err(internal)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| Error::Internal(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| Error::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(super::cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(super::cell("-3"), "'-3");
        assert_eq!(super::cell("Plain"), "Plain");
    }
}
