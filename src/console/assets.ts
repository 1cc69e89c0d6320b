// The console's stylesheet and its small script, served from the gateway itself (no CDN). Pages work without the
// script; it only adds confirmations, URL presets and copy buttons.
import crypto from 'node:crypto';

export const CONSOLE_CSS = `
:root{--fg:#1b1f24;--muted:#5b6470;--bg:#f6f7f9;--card:#fff;--line:#dfe3e8;--accent:#0064ff;--danger:#c62828;--ok:#1b7f3b;font-family:system-ui,-apple-system,"Apple SD Gothic Neo","Noto Sans KR",sans-serif}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font-size:15px;line-height:1.5}
a{color:var(--accent)}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #7aa7ff;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:9}
header{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;padding:10px 16px;background:#111827;color:#fff}
header a{color:#fff;text-decoration:none}header .brand{font-weight:700;margin-right:auto}header form{margin:0}
header button{background:none;border:1px solid #6b7280;color:#fff}
nav.tabs{display:flex;flex-wrap:wrap;gap:4px;margin:0 0 16px;padding:0;list-style:none;border-bottom:1px solid var(--line)}
nav.tabs a{display:block;padding:8px 12px;text-decoration:none;color:var(--muted);border-bottom:3px solid transparent}
nav.tabs a[aria-current=page]{color:var(--fg);border-color:var(--accent);font-weight:600}
main{max-width:1200px;margin:0 auto;padding:16px}
h1{font-size:1.4rem;margin:8px 0 16px}h2{font-size:1.1rem;margin:24px 0 8px}
section,.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px;margin-bottom:16px}
table{width:100%;border-collapse:collapse;font-size:14px}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600}.num{text-align:right;font-variant-numeric:tabular-nums}
.table-wrap{overflow-x:auto}
form.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px;align-items:end}
label{display:block;font-size:13px;color:var(--muted);margin-bottom:2px}
input,select{width:100%;padding:7px 8px;border:1px solid #c4cad2;border-radius:6px;font:inherit;background:#fff}
input[type=checkbox],input[type=radio]{width:auto}
.field{margin-bottom:12px}
button,.button{display:inline-block;padding:7px 14px;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;font:inherit;cursor:pointer;text-decoration:none}
button.secondary,.button.secondary{background:#fff;color:var(--accent)}button.danger{background:var(--danger);border-color:var(--danger)}
.inline{display:inline}.row{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
.notice{padding:10px 12px;border-radius:6px;margin-bottom:16px;border:1px solid}
.notice.ok{background:#eaf7ee;border-color:#a6d8b5}.notice.error{background:#fdecea;border-color:#f3b2ac}
.secret{font-family:ui-monospace,monospace;background:#fff8e1;padding:4px 6px;border-radius:4px;word-break:break-all}
code,.mono{font-family:ui-monospace,SFMono-Regular,monospace;font-size:13px;word-break:break-all}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;background:#eef1f5}
.badge.paid,.badge.delivered,.badge.done,.badge.ok{background:#e3f4e8;color:var(--ok)}.badge.failed,.badge.dead{background:#fde7e5;color:var(--danger)}
.badge.cancelled,.badge.revoked{background:#f0eaf9;color:#5b2a9d}
ol.timeline{list-style:none;padding:0;margin:0}ol.timeline li{border-left:3px solid var(--line);padding:4px 0 10px 12px;margin-left:4px}
ol.timeline time{color:var(--muted);font-size:13px;display:block}
details.exchange summary{cursor:pointer;color:var(--muted);font-size:13px}details.exchange pre{margin:4px 0;padding:8px;background:var(--bg);border:1px solid var(--line);border-radius:6px;max-height:320px;overflow:auto;white-space:pre-wrap;word-break:break-all;font-size:12px}
.login{max-width:380px;margin:10vh auto}
dl.props{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}dl.props dt{color:var(--muted)}dl.props dd{margin:0}
@media (max-width:640px){main{padding:8px}header{padding:8px}th,td{padding:4px}dl.props{grid-template-columns:1fr}.hide-narrow{display:none}}
`;

export const CONSOLE_JS = `
document.addEventListener('submit',function(e){var f=e.target;var m=f.getAttribute('data-confirm');if(m&&!window.confirm(m))e.preventDefault();});
document.addEventListener('click',function(e){var b=e.target.closest&&e.target.closest('[data-preset]');if(b){e.preventDefault();var p=JSON.parse(b.getAttribute('data-preset'));for(var k in p){var i=document.getElementById(k);if(!i)continue;if(i.type==='checkbox'||i.type==='radio')i.checked=!!p[k];else i.value=p[k];}return;}
var c=e.target.closest&&e.target.closest('[data-copy]');if(c&&navigator.clipboard){e.preventDefault();navigator.clipboard.writeText(c.getAttribute('data-copy'));}});
`;

const version = (text: string) => crypto.createHash('sha256').update(text).digest('hex').slice(0, 12);

/** Asset URLs carry their content hash, so they can be cached for good. */
export const ASSET_VERSION = { css: version(CONSOLE_CSS), js: version(CONSOLE_JS) };
