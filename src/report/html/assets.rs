//! The report's inline style sheet and script. The script's hash goes into the page's
//! Content-Security-Policy, so no other script (say, one injected by a scanned name) can run.

use sha2::{Digest, Sha256};

use crate::eval::functions::base64;

pub const STYLE: &str = r#"
:root{--fg:#1b1f23;--muted:#4a5560;--bg:#fff;--line:#c9d1d9;--bad:#a4161a;--warn:#8a4b00;--ok:#1a6b34;--unk:#5a3e8e}
body{font:15px/1.45 system-ui,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1100px;padding:1rem 1.5rem}
h1{font-size:1.6rem;margin:.2rem 0 .6rem}h2{font-size:1.2rem;margin:0 0 .4rem;overflow-wrap:anywhere}
h3{font-size:1rem;margin:.8rem 0 .3rem}
table{border-collapse:collapse;margin:.4rem 0 .8rem}th,td{border:1px solid var(--line);padding:.2rem .6rem;text-align:left;vertical-align:top}
td.n{text-align:right}
.bucket{border:1px solid var(--line);border-radius:6px;padding:.8rem 1rem;margin:1rem 0;content-visibility:auto;contain-intrinsic-size:auto 500px}
.badge{display:inline-block;border-radius:4px;padding:0 .45rem;font-weight:600;color:#fff;background:var(--muted)}
.v-public-write,.v-public-read,.s-critical,.s-high,.fail{background:var(--bad)}
.v-authenticated-users,.v-cross-account,.s-medium{background:var(--warn)}
.v-unknown{background:var(--unk)}.v-private,.pass{background:var(--ok)}.s-low,.s-note{background:var(--muted)}
ul.reasons li.effective{color:var(--bad)}ul.reasons li.neutralized,ul.reasons li.rejected{color:var(--ok)}ul.reasons li.unknown{color:var(--unk)}
.finding{border-left:4px solid var(--line);padding:.2rem .7rem;margin:.5rem 0}
.finding p{margin:.2rem 0}
pre{background:#f4f6f8;border:1px solid var(--line);padding:.4rem .6rem;overflow-x:auto;margin:.3rem 0;font-size:13px}
.loc,.muted{color:var(--muted)}a{color:#0645ad}
svg.diagram{max-width:100%;height:auto;display:block;margin:.4rem 0}
svg text{font:12px system-ui,sans-serif;fill:var(--fg)}
#filters{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center;border:1px solid var(--line);border-radius:6px;padding:.5rem .8rem;margin:.6rem 0}
#filters fieldset{border:0;margin:0;padding:0}#filters legend{font-weight:600;float:left;margin-right:.4rem}
input:focus,a:focus{outline:3px solid #0645ad;outline-offset:1px}
.hidden{display:none}
@media print{#filters{display:none}.bucket{content-visibility:visible}.hidden{display:block}.bucket{break-inside:avoid-page}a{color:inherit}
a[href^="https://"]::after{content:" (" attr(href) ")";font-size:.8em}body{max-width:none}}
"#;

/// Filters by severity and verdict, and a search box. The filter form is `hidden` in the
/// markup: without the script, everything is shown and no dead controls are.
pub const SCRIPT: &str = r#"
(function(){
var f=document.getElementById('filters');if(!f)return;f.hidden=false;
var secs=[].slice.call(document.querySelectorAll('section.bucket'));
function checked(n){return [].slice.call(f.querySelectorAll('input[name='+n+']:checked')).map(function(i){return i.value});}
function apply(){
 var sev=checked('severity'),ver=checked('verdict'),q=document.getElementById('q').value.toLowerCase();
 secs.forEach(function(s){
  var fs=[].slice.call(s.querySelectorAll('.finding'));var shown=0;
  fs.forEach(function(x){var ok=sev.indexOf(x.getAttribute('data-severity'))>=0;x.classList.toggle('hidden',!ok);if(ok)shown++;});
  var v=ver.indexOf(s.getAttribute('data-verdict'))>=0;
  var t=!q||s.textContent.toLowerCase().indexOf(q)>=0;
  var sevok=fs.length===0||shown>0||sev.length===4;
  s.classList.toggle('hidden',!(v&&t&&sevok));
 });
}
f.addEventListener('input',apply);f.addEventListener('change',apply);
})();
"#;

/// `'sha256-…'` of the script, for `script-src`.
pub fn script_hash() -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(SCRIPT.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_matches_rfc_4648() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(i.as_bytes()), o);
        }
    }
}
