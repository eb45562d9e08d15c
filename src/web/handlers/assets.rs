//! Static files (CSS, JS, icons), embedded in the binary.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use rust_embed::RustEmbed;

use crate::web::errors::AppError;

#[derive(RustEmbed)]
#[folder = "static/"]
struct Static;

pub async fn file(path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let file = Static::get(&path).ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type(content_type(&path))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(file.data.into_owned()))
}

/// The `Content-Type` of a static file; textual types name their charset (the files are
/// UTF-8), so that no browser has to guess it.
fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let essence = mime.essence_str();
    if essence.starts_with("text/")
        || essence.ends_with("+xml")
        || essence == "application/javascript"
    {
        format!("{essence}; charset=utf-8")
    } else {
        essence.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::content_type;

    #[test]
    fn textual_files_name_their_charset() {
        assert_eq!(content_type("css/app.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml; charset=utf-8");
        assert!(content_type("js/workshop.js").ends_with("; charset=utf-8"));
        assert_eq!(content_type("logo.png"), "image/png");
    }
}
