/// The settings the US-Japan Alliance Digest's repository ships with.
///
/// This is the committed `digest.yaml`, byte for byte (a test holds them together, and
/// `.ci/update-built-in-settings` copies one into the other), so that the tool and its
/// tests have the publication's settings without reading a file.
public enum BuiltInSettings {
    public static let allianceDigestYAML = #"""
# digest settings: what makes this publication itself.
# Another newsletter of the same shape changes only this file. README.md#settings
# explains every key; `digest lint` reports a mistake here with its line.

publication:
  name: US-Japan Alliance Digest
  # {name}, {volume} and {number} are filled in; the rest is literal.
  title: "{name} Vol {volume}.{number}"
  # The footer every issue ends with, verbatim (the lines below join with spaces).
  footer: >-
    “US-Japan Alliance Digest” is a bi-weekly summary of bilateral and related
    developments compiled by Sasakawa USA’s “US-Japan NEXT Alliance Initiative.”
    To receive “Alliance Digest” via email, contact egulum@spfusa.org

schedule:
  # One issue every two weeks.
  cadence-days: 14
  # One volume per calendar year: Vol 1 is 2022, Vol 2 is 2023, and so on.
  first-volume-year: 2022

sender:
  name: US-Japan NEXT Alliance Initiative
  address: egulum@spfusa.org

list:
  # The RFC 2919 List-Id mail clients use to group and filter the newsletter.
  id: alliance-digest.spfusa.org
  name: US-Japan Alliance Digest
  # Where a reader's unsubscribe request is mailed (List-Unsubscribe); the sender's
  # address when left out.
  unsubscribe-address: egulum@spfusa.org
  # An HTTPS page that unsubscribes in one click (RFC 8058). digest adds the reader and
  # a token that cannot be guessed (an HMAC keyed by DIGEST_UNSUBSCRIBE_SECRET):
  # https://…/unsubscribe?reader=editor%40example.org&token=….
  # unsubscribe-url: https://www.spfusa.org/alliance-digest/unsubscribe

send:
  # Where a send goes: smtp://host:587 (STARTTLS required), smtps://host:465 or maildir:PATH
  # (from this folder); --via and DIGEST_SEND_VIA win over it, and without any, the outbox.
  # Credentials never go here: DIGEST_SMTP_USER and DIGEST_SMTP_PASSWORD, or a netrc file.
  # via: smtp://mail.example.org:587
  # Parallel connections to the server, and messages per second at most (no limit when left out).
  connections: 2
  # rate: 10
  # The largest message digest sends (bytes, or KB or MB of 1,024): a bigger one is refused
  # before anyone is mailed. Apart from this, HTML over 102 KB (Gmail cuts it off) is warned of.
  max-message-size: 10 MB

folders:
  # Issues being written; `digest new` puts the next one here.
  drafts: Drafts
  # Published issues in the issue format, starting with those imported from seeds/.
  archive: seeds/archive
  # The Maildir `digest send` writes to when no SMTP server is configured (git-ignored).
  outbox: Outbox

# DKIM: every message signed, whatever the route, when DIGEST_DKIM_KEY names the private
# key's PEM file (mode 600, never in the repository; `digest dkim keygen` makes one and
# prints the DNS record to publish at SELECTOR._domainkey.DOMAIN).
# dkim:
#   selector: digest2026
#   # The d= domain; the sender address's domain when left out.
#   domain: spfusa.org

lint:
  # The severity of a rule (error, warning, note or off). `digest lint --list-rules`
  # lists every rule with its default.
  rules:
    cadence: warning
  # Names and terms the dictionary lacks, spelled the house way. Words used in two or
  # more archived issues are learned without being listed here.
  words:
    - Beeman
    - Blinken
    - chipmaker
    - chipmaking
    - cyber
    - cybersecurity
    - Markey
    - Nansei
    - Ratner
    - redesignate
    - renewables
    - stablecoin
    - stablecoins
  # House substitutions, checked in headlines and details and mended by `--fix`.
  # `find` is a regular expression (single-quoted, so a backslash stays a backslash);
  # `replace` may use $1, $2 for its groups.
  substitutions:
    - find: '\bU\.S\.(?=[,;:)’”—–-]|\s+[a-z0-9(“])'
      replace: US
      message: write "US", not "U.S."
    - find: '\bU\.S\.$'
      replace: US.
      message: write "US", not "U.S.", and keep the full stop
    # Before a capital, "U.S." may end a sentence ("with the U.S. The talks…") or not
    # ("U.S. Army"): the editor decides whether a full stop stays.
    - find: '\bU\.S\.(?=\s+[A-Z])'
      replace: US
      message: write "US", not "U.S." (and keep a full stop if the sentence ends here)
      fix: false
    - find: '\b(January|February|March|April|May|June|July|August|September|October|November|December) ([0-9]{1,2})(?:st|nd|rd|th)\b'
      replace: $1 $2
      message: write dates as "March 8", without "st", "nd", "rd" or "th"
    - find: '\b(?:the )?([0-9]{1,2})(?:st|nd|rd|th) (?:of )?(January|February|March|April|May|June|July|August|September|October|November|December)\b'
      replace: $2 $1
      message: write dates as "March 8", month first and without "st", "nd", "rd" or "th"
    - find: '\bJan\.?(?= [0-9]{1,2}\b)'
      replace: January
      message: write the month in full
    - find: '\bFeb\.?(?= [0-9]{1,2}\b)'
      replace: February
      message: write the month in full
    - find: '\bMar\.?(?= [0-9]{1,2}\b)'
      replace: March
      message: write the month in full
    - find: '\bApr\.?(?= [0-9]{1,2}\b)'
      replace: April
      message: write the month in full
    - find: '\bJun\.?(?= [0-9]{1,2}\b)'
      replace: June
      message: write the month in full
    - find: '\bJul\.?(?= [0-9]{1,2}\b)'
      replace: July
      message: write the month in full
    - find: '\bAug\.?(?= [0-9]{1,2}\b)'
      replace: August
      message: write the month in full
    - find: '\bSept?\.?(?= [0-9]{1,2}\b)'
      replace: September
      message: write the month in full
    - find: '\bOct\.?(?= [0-9]{1,2}\b)'
      replace: October
      message: write the month in full
    - find: '\bNov\.?(?= [0-9]{1,2}\b)'
      replace: November
      message: write the month in full
    - find: '\bDec\.?(?= [0-9]{1,2}\b)'
      replace: December
      message: write the month in full
    - find: '(?<=^|[\s(\[—–])"(?=\S)'
      replace: “
      message: use a curly opening quote “
    - find: '(?<=\S)"'
      replace: ”
      message: use a curly closing quote ”
    - find: '(?<=\w)''(?=\w)'
      replace: ’
      message: use a curly apostrophe ’
    - find: '(?<=s)''(?=[\s,.;:)]|$)'
      replace: ’
      message: use a curly apostrophe ’
    - find: '(?<=^|[\s(\[—–])''(?=\w)'
      replace: ‘
      message: use a curly opening quote ‘
    # Shorthand is written in full, in any case and anywhere (a headline's first word too);
    # the archive never teaches it. (A first letter in brackets, not an inline flag such as
    # (?i), lets the linter skip the pattern in a paragraph without its letters.)
    - find: '\b([Tt])rilat(s?)\b'
      replace: $1rilateral$2
      message: write it in full ("trilateral meeting"), not the shorthand
      fix: false
    - find: '\b([Bb])ilat(s?)\b'
      replace: $1ilateral$2
      message: write it in full ("bilateral talks"), not the shorthand
      fix: false
    - find: '(?<![\w/])[Ww]/ '
      replace: 'with '
      message: write "with", not "w/"
    - find: '(?<![\w/])[Ww]/o '
      replace: 'without '
      message: write "without", not "w/o"
    - find: '(?<![\w/])[Bb]/c '
      replace: 'because '
      message: write "because", not "b/c"
    - find: '\b([Gg])ovt\b\.?'
      replace: $1overnment
      message: write "government" in full
    - find: '\b([Gg])ov[’'']t\b'
      replace: $1overnment
      message: write "government" in full
    - find: '\b([Ii])ntl\b\.?'
      replace: $1nternational
      message: write "international" in full
    - find: '\b([Ii])nt[’'']l\b'
      replace: $1nternational
      message: write "international" in full
    - find: '\b([Mm])tg\b\.?'
      replace: $1eeting
      message: write "meeting" in full, not "mtg"
    - find: '\b([Mm])tgs\b\.?'
      replace: $1eetings
      message: write "meetings" in full, not "mtgs"
    - find: '\b([Aa])pprox\b\.?'
      replace: $1pproximately
      message: write "approximately" in full, not "approx"
    - find: '\b([Dd])ept\.'
      replace: $1epartment
      message: write "department" in full, not "dept."
    - find: '\b([Nn])atl\b\.?'
      replace: $1ational
      message: write "national" in full, not "natl"
    - find: '\b([Mm])gmt\b\.?'
      replace: $1anagement
      message: write "management" in full, not "mgmt"
    - find: '\b([Cc])mdr\b\.?'
      replace: $1ommander
      message: write "commander" in full, not "cmdr"
    - find: '\b([Cc])omms\b\.?'
      replace: $1ommunications
      message: write "communications" in full, not "comms"

site:
  # The published site's https address (`digest site` builds it; `digest publish` adds
  # each sent issue). The HTML email shows an issue's lead image from here, at
  # issues/DATE-vol-V.N.jpg; without it the email carries the image's credit only.
  # base-url: https://alliance-digest.spfusa.org/
  # The heaviest lead image `digest lint` accepts (bytes, or KB or MB of 1,024): every
  # reader downloads it with the email.
  max-image-size: 500 KB
  # The PDF edition's page size: A4 or Letter.
  paper: A4
  # How many of the latest issues the Atom feed (feed.xml) carries, each in full.
  feed-entries: 20
"""#
}
