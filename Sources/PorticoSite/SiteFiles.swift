/// The files at the output's root besides the portals: none of them names a client.
enum SiteFiles {
    static let robots = "User-agent: *\nDisallow: /\n"

    /// Security headers for hosts that read `_headers` (Netlify, Cloudflare Pages).
    static let headers = """
    /*
      Content-Security-Policy: default-src 'self'; img-src 'self' blob:; media-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'
      X-Robots-Tag: noindex, nofollow
      Referrer-Policy: no-referrer
      X-Content-Type-Options: nosniff
      X-Frame-Options: DENY
      Permissions-Policy: interest-cohort=()
    /assets/*
      Cache-Control: public, max-age=31536000, immutable

    """
}
