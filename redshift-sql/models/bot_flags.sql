-- model: bot_flags
-- grain: one row per (user_key, rule) that fired; also sets sessions.is_bot (a flagged user's sessions are bots).
-- keys: (user_key, rule)
-- rules: (definitions, and the people each one deliberately leaves alone, in docs/warehouse.md, section Bots)
--   rate            a sustained burst: more than :bot_rate_events events inside :bot_rate_window_seconds, in a run
--                   of events with no pause of :bot_rate_pause_seconds, where the run lasts at least
--                   :bot_rate_sustain_seconds; counted on deduplicated events. One page's automatic burst (list
--                   impressions, promotion views, an autotrack SDK) fires within a second and then pauses.
--   crawler_ua      the user agent matches a pattern of the crawler-user-agents list (MIT; all of it, regular
--                   expressions included, case-insensitive), judged once per distinct user agent and list version
--   ip_farm         one observed address (request_ip) with :ip_farm_anonymous_ids or more shallow anonymous ids
--                   within one clock hour (never logged in there, at most :ip_farm_shallow_events events there),
--                   and shallow ones at least :ip_farm_shallow_share of all anonymous ids on it; flags the shallow
--                   ones. Offices, universities and carriers' CGNAT put many people on one address, most of whom go
--                   deeper.
--                   Events of server-side SDKs (clickstream.server_libraries) have no address here: a backend
--                   sends for many people from its own.
--   robotic_timing  a session with :robotic_min_views (8) or more page/screen views whose gaps vary by less than
--                   :robotic_max_cv (coefficient of variation 0.1): a metronome, not a person
-- depends on: sessions
-- incremental: the user_keys with new events, every key a re-stitch moved stored events to or from
--              (user_key_changes), and everyone seen on an address-hour that got new events,
--              are re-evaluated over their whole history (flags describe a user, not a window); the IP-farm rule
--              reads only the address-hours those users were seen on, by a range on (request_ip, event_ts). Their user
--              agents without a verdict of the current list version are judged and cached in
--              user_agent_verdicts, so each distinct user agent is matched once. Cost grows with those users'
--              events, IP-hours and new user agents.
-- late events: a late event can create a burst, complete an IP farm or change a session's rhythm; it touches its
--              user and its IP-hour, which are re-evaluated.
-- address: the ip_farm rule's address is request_ip, the address the collector observed (the connection's peer, or
--          behind its trusted proxies the client they saw), never ip (context.ip, which the client can set to
--          anything); the four reads marked "address". Events without one (stored before schema step 5, or an
--          envelope that lacks it) count on no address.
-- tables: clickstream.bot_flags, clickstream.bot_changes, clickstream.user_agent_verdicts
CREATE TEMP TABLE new_events_bot AS
SELECT e.user_key, DATE_TRUNC('hour', e.event_ts) AS hour,
       CASE WHEN EXISTS (SELECT 1 FROM clickstream.server_libraries s WHERE s.library_name = e.library_name) THEN NULL
            ELSE e.request_ip END AS request_ip -- address
FROM clickstream.events e
WHERE e.loaded_at > CAST(:watermark AS TIMESTAMP) AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP);

CREATE TEMP TABLE bot_users AS
SELECT DISTINCT u.user_key
FROM (SELECT n.user_key FROM new_events_bot n
      UNION ALL
      SELECT c.user_key FROM clickstream.user_key_changes c
      WHERE c.run_upper > CAST(:watermark AS TIMESTAMP) AND c.run_upper <= CAST(:run_upper AS TIMESTAMP)
      UNION ALL
      SELECT e.user_key FROM clickstream.events e
      JOIN (SELECT DISTINCT request_ip, hour FROM new_events_bot WHERE request_ip IS NOT NULL) t
        ON t.request_ip = e.request_ip AND e.event_ts >= t.hour AND e.event_ts < t.hour + INTERVAL '1 hour' -- address
      WHERE e.loaded_at <= CAST(:run_upper AS TIMESTAMP)) u;

CREATE TEMP TABLE flagged_before AS
SELECT DISTINCT f.user_key FROM clickstream.bot_flags f JOIN bot_users b ON b.user_key = f.user_key;

DELETE FROM clickstream.bot_flags USING bot_users
WHERE clickstream.bot_flags.user_key = bot_users.user_key;

CREATE TEMP TABLE bot_events AS
-- run: the number of the user's run of events without a pause of :bot_rate_pause_seconds (a person's pause)
SELECT x.user_key, x.message_id, x.type, x.event_ts, x.request_ip, x.anonymous_id, x.user_agent, x.session_key, x.rn,
       SUM(CASE WHEN x.gap IS NULL OR x.gap >= CAST(:bot_rate_pause_seconds AS DOUBLE PRECISION) THEN 1 ELSE 0 END)
           OVER (PARTITION BY x.user_key ORDER BY x.rn ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS run
FROM (SELECT e.user_key, e.message_id, e.type, e.event_ts, e.anonymous_id, e.user_agent,
             CASE WHEN EXISTS (SELECT 1 FROM clickstream.server_libraries s WHERE s.library_name = e.library_name)
                  THEN NULL ELSE e.request_ip END AS request_ip, -- address
             COALESCE(e.anonymous_id, e.user_id) AS session_key,
             ROW_NUMBER() OVER (PARTITION BY e.user_key ORDER BY e.event_ts, e.message_id) AS rn,
             DATE_PART('epoch', e.event_ts) - DATE_PART('epoch', LAG(e.event_ts) OVER (
                 PARTITION BY e.user_key ORDER BY e.event_ts, e.message_id)) AS gap
      FROM clickstream.events e
      JOIN bot_users b ON b.user_key = e.user_key
      WHERE e.loaded_at <= CAST(:run_upper AS TIMESTAMP)) x;

INSERT INTO clickstream.bot_flags (user_key, rule, first_seen, last_seen, evidence)
SELECT a.user_key, 'rate', MIN(a.event_ts), MAX(b.event_ts),
       'windows of more than ' || :bot_rate_events || ' events in a sustained burst: ' || CAST(COUNT(*) AS VARCHAR(20))
FROM bot_events a
JOIN bot_events b ON b.user_key = a.user_key AND b.rn = a.rn + CAST(:bot_rate_events AS INTEGER) AND b.run = a.run
JOIN (SELECT r.user_key, r.run FROM bot_events r GROUP BY r.user_key, r.run
      HAVING DATE_PART('epoch', MAX(r.event_ts)) - DATE_PART('epoch', MIN(r.event_ts))
             >= CAST(:bot_rate_sustain_seconds AS DOUBLE PRECISION)) s
  ON s.user_key = a.user_key AND s.run = a.run
WHERE DATE_PART('epoch', b.event_ts) - DATE_PART('epoch', a.event_ts)
      < CAST(:bot_rate_window_seconds AS DOUBLE PRECISION)
GROUP BY a.user_key;

CREATE TEMP TABLE agent_verdicts AS
-- BEGIN generated crawler patterns (crawler-user-agents 1.60.0, 1500 patterns in 11 literals): seeds/generate_bot_user_agents.py writes it; do not edit
-- the re-evaluated users' user agents without a verdict of this list version; REGEXP_SUBSTR answers NULL
-- (PostgreSQL) or '' (Redshift) for no match, so NULLIF makes both NULL; the evidence keeps 200 characters
SELECT j.user_agent, CAST('1.60.0' AS VARCHAR(32)) AS list_version,
       SUBSTRING(COALESCE(
           NULLIF(REGEXP_SUBSTR(j.ua, 'googlebot/|googlebot-mobile|googlebot-image|googlebot-news|googlebot-video|adsbot-google([^-]|$)|adsbot-google-mobile|feedfetcher-google|mediapartners-google|mediapartners [(]googlebot[)]|apis-google|google-inspectiontool|storebot-google|googleother|bingbot|slurp|[ww]get|linkedinbot|python-urllib|python-requests|aiohttp|httpx|libwww-perl|httpunit|nutch|go-http-client|phpcrawl|msnbot|jyxobot|fast-webcrawler|fast enterprise crawler|biglotron|teoma|convera|^seekbot|gigabot|gigablast|exabot|ia_archiver|gingercrawler|webmon |httrack|grub[.]org|usinenouvellecrawler|antibot|netresearchserver|speedy|fluffy|findlink|msrbot|panscient|yacybot|aisearchbot|ips-agent|tagoobot|mj12bot|woriobot|yanga|buzzbot|mlbot|yandex[.]com/bots|purebot|linguee bot|cyberpatrol|voilabot|baiduspider|citeseerxbot|spbot|twengabot|postrank|turnitin|scribdbot|page2rss|sitebot|linkdex|adidxbot|ezooms|dotbot|mail[.]ru_bot|discobot|heritrix|findthatfile|europarchive[.]org|nerdbynature[.]bot|(sistrix|sistrix) [cc]rawler|ahrefs(bot|siteaudit)|fuelbot|^crunchbot|indeedbot|mappydata|woobot|zoominfobot|privacyawarebot|multiviewbot|swimgbot|grobbot|eright|apercite|semanticbot|aboundex|domaincrawler|wbsearchbot|summify|ccbot|edisterbot|seznambot|ec2linkfinder|gslfbot|aihitbot|intelium_bot|facebookexternalhit|yeti|retrevopageanalyzer|lb-spider|sogou|lssbot|careerbot|wotbox|wocbot|ichiro|duckduckbot|lssrocketcrawler|drupact|webcompanycrawler|acoonbot|openindexspider|gnam gnam spider|web-archive-net[.]com[.]bot|backlinkcrawler|coccoc|integromedb|content crawler spider|toplistbot|it2media-domain-crawler|ip-web-crawler[.]com|siteexplorer[.]info|elisabot|proximic|changedetection|arabot|wesee:search|niki-bot|crystalsemanticsbot|rogerbot|360spider|psbot|interfaxscanbot|cc metadata scaper|g00g1e[.]net|grapeshotcrawler|urlappendbot|brainobot|fr-crawler|binlar|simplecrawler|twitterbot|cxensebot|smtbot|bnf[.]fr_bot|a6-indexer|admantx|facebot|orangebot/|memorybot|advbot|megaindex|semanticscholarbot|ltx71|nerdybot|xovibot'), ''),
           NULLIF(REGEXP_SUBSTR(j.ua, 'bubing|qwantify|archive[.]org_bot|applebot|tweetmemebot|crawler4j|findxbot|s[ee][mm]rushbot|yoozbot|lipperhey|y!j|domain re-animator bot|addthis|screaming frog seo spider|metauri|scrapy|livelap[bb]ot|openhosebot|capsulechecker|collection@infegy[.]com|istellabot|deusu/|betabot|cliqzbot/|mojeekbot/|netestate ne crawler|safesearch microdata crawler|gluten free crawler/|sonic|sysomos|trove|deadlinkchecker|slack-imgproxy|embedly|rankactivelinkbot|iskanie|safednsbot|skypeuripreview|veoozbot|slackbot|redditbot|datagnionbot|google-adwords-instant|adbeat_bot|whatsapp|contxbot|pinterest[.]com/bot|electricmonk|garlikcrawler|bingpreview/|vebidoobot|femtosearchbot|yahoo link preview|metajobbot|domainstatsbot|mindupbot|daum/|jugendschutzprogramm-crawler|xenu link sleuth|pcore-http|moatbot|kosmiobot|[pp]ingdom|appinsights|phantomjs|gowikibot|piplbot|discordbot|telegrambot|jetslide|newsharecounts|james bot|bark[rr]owler|tineye|socialrankiobot|trendictionbot|ocarinabot|epicbot|primalbot|duckduckgo-favicons-bot|gnowitnewsbot|leikibot|linkarchiver|yak/|paperlibot|digg deeper|^dcrawl|snacktory|anderspinkbot|fyrebot|everyonesocialbot|mediatoolkitbot|luminator-robots|extlinksbot|surveybot|ning/|okhttp|nuzzel|omgili|pocketparser|yisouspider|um-ln|toutiaospider|muckrack|jamie''s spider|ahc/|netcraftsurveyagent|laserlikebot|^apache-httpclient|appengine-google|jetty|upflow|thinklab|traackr[.]com|twurly|mastodon|http_get|dnyzbot|botify|007ac9 crawler|behloolbot|brandverity|check_http|bdcbot|zumbot|ezid|icc-crawler|archivebot|^lcc |filterdb[.]iss[.]net/crawler|blp_bbot|bomborabot|buck/|companybook-crawler|genieo|magpie-crawler|meltwaternews|moreover|newspaper/|scoutjet|(^| )sentry/|storygizebot|uptimerobot|outclicksbot|seoscanners|hatena|google web preview|mauibot|alphabot|sbl-bot|ias crawler|adscanner|netvibes|acapbot|baidu-yunguance|bitlybot|blogmurabot|bot[.]araturka[.]com|bot-pge[.]chlooe[.]com|boxcarbot|btwebclient|contextad bot|digincore bot|disqus|feedly|fetch/|fever'), ''),
           NULLIF(REGEXP_SUBSTR(j.ua, 'flamingo_searchengine|flipboardproxy|g2reader-bot|g2 web services|imrbot|k7mlwcbot|kemvibot|landau-media-spider|linkapediabot|vkshare|siteimprove[.]com|blexbot/|dareboost|zuperlistbot/|miniflux/|feedspot|diffbot/|seokicks|tracemyfile|nimbostratus-bot|zgrab|pr-cy[.]ru|adstxtcrawler|datafeedwatch|zabbix|tangibleebot|google-xrawler|axios|amazon cloudfront|pulsepoint |cloudflare-alwaysonline|cloudflare-healthchecks|cloudflare-traffic-manager|cloudflare-prefetch|cloudflare-ssldetector|https://developers[.]cloudflare[.]com/security-center/|google-structured-data-testing-tool|wordupinfosearch|webdatastats|httpurlconnection|zoombot|velenpublicwebcrawler|moodlebot|jpg-newsbot|outbrain|w3c_validator|validator[.]nu|w3c-checklink|w3c-mobileok|w3c_i18n-checker|feedvalidator|w3c_css_validator|w3c_unicorn|google-physicalweb|blackboard|icbot/|bazqux|twingly|rivva|experibot|awesomecrawler|dataprovider[.]com|grouphigh/|theoldreader[.]com|anyevent|uptimebot[.]org|nmap scripting engine|2ip[.]ru|clickagy|caliperbot|mbcrawler|online-webceo-bot|b2b bot|addsearchbot|google favicon|hubspot|chrome-lighthouse|headlesschrome|checkmarknetwork/|www[.]uptime[.]com|streamline3bot/|serpstatbot/|mixnodecache/|^curl|simplescraper|rssingbot|jooblebot|fedoraplanet|friendica|nextcloud|tiny tiny rss|regionstuttgartbot|bytespider|datanyze|google-site-verification|trendsmapresolver|tweetedtimes|ntentbot|gwene|simplepie|searchatlas|superfeedr|feedbot|ut-dorkbot|amazonbot|amazonproductdiscovery|amazonsellerinitiatedlisting|serendeputybot|eyeotabot|officestorebot|neticle crawler|surdotlybot|linkisbot|awariosmartbot|awariorssbot|rytebot|freewebmonitoring sitechecker|aspiegelbot|naver blog rssbot|zenback bot|sentibot|domains project/|pandalytics|vkrobot|bidswitchbot|tigerbot|nixstatsbot|atom feed robot|[cc]urebot|pagepeeker/|vigil/|rssbot/|startmebot/|jobboersebot|seewithkids|ninja bot|cutbot|bublupbot|brandonbot|ridderbot|taboolabot|dubbotbot|finditanswersbot|infoobot|refindbot'), ''),
           NULLIF(REGEXP_SUBSTR(j.ua, 'blogtraffic/[0-9][.][0-9]+ feed-fetcher|seobilitybot|cincraw|dragonbot|voluumdsp-content-bot|freshrss|bitbot|^php-curl-class|google-certificates-bridge|centurybot|viber|e[.]ventures investment crawler|evc-batch|petalbot|virustotal|(^| )ptst/|minicrawler|cookiebot|trovitbot|seostar[.]co|ioncrawl|uptime-kuma|seekport|freshpingbot|feedbin|criteobot|snap url preview service|better uptime bot|ruxitsynthetic|google-read-aloud|valve/steam|odklbot/|gptbot|chatgpt-user|oai-searchbot|yandexrenderresourcesbot/|lightspeedsystemscrawler|ev-crawler/|bitsightbot/|woorankreview/|google-safety|awariobot|dataforseobot|linespider|wellknownbot|a patent crawler|stractbot|search[.]marginalia[.]nu|youbot|nicecrawler|neevabot|brightedge crawler|sitecheckerbotcrawler|tombapublicwebcrawler|crawlyprojectcrawler|komodiabot|kstandbot|cispa webcrawler|mtrobot|hyscore[.]io|alexandriaorgbot|2ip bot|yellowbrandprotectionbot|seolizer|vuhuvbot|inetdex-bot|synapse|t3versionsbot|deepnoc|cocolyzebot|hypestat|reverseengineeringbot|sempi[.]tech|iframely|metainspector|node-fetch|l9explore|python-opengraph|opengraphcheck|developers[.]google[.]com/[+]/web/snippet|senutobot|macocu|newsblur|inoreader|netsystemsresearch|pagething|wordpress/|phxbot|imagesiftbot|expanse|internetmeasurement|^bw/|geedobot|audisto crawler|perplexitybot/|[cc]laude[bb]ot|monsidobot|groupmebot|vercelbot|vercel-screenshot|facebookcatalog/|meta-externalads/|meta-externalagent/|meta-externalfetcher/|academicbotrtu|keybasebot|lemmy|cookiehubscan|hydrozen[.]io|http banner detection|summalybot|microsoftpreview/|geedoproductsearch|tiktokspider|oncrawl/|sindresorhus/got|censysinspect/|sbintuitionsbot/|sitebulb|yextbot/|datadogsynthetics|google-ads-conversions|observepoint|checkly|alittle client|aliyunsecbot|claude-web|anthropic-ai|claude-user|claude-searchbot|google-extended|cohere-ai|timpibot|serankingbacklinksbot|cmschecker|wayback|playwright|puppeteer|selenium|nikto|sqlmap|zmeu|masscan|wpscan|[aa]cunetix|nessus|[dd]ir[bb]uster|statuscake'), ''),
           NULLIF(REGEXP_SUBSTR(j.ua, 'colly|[mm]echanize|air[.]ai/scanning|asnriskscorer|oicrawler|l9scan|slaccalebot|customasynchttpclient|^httpie/|gemini-deep-research|perplexity-user|perplexityuser|meta-webindexer|duckassistbot|mistralai-user|webzio|newsai/|^arenaunfurlbot|a360-search|aasa-bot|accessstatus|acquia optimize|activecomply|adkerneltopiccrawler|alertsite|allafrica|amazing-searchbot|amazon-bedrock-agentcore-browser|amazonbuyforme|amzn-searchbot|amzn-user|anchor browser|anomura|ap3a[.]240617[.]008|apifybot|apifywebsitecontentcrawler|archive-it|artemis web reader|atlassian-bot|attracta|audigentadbot|authory|automaton|newsify feed fetcher|awariorendererbot|azureai-searchbot|bestchange|bigsur[.]ai|bl[.]uk_lddc_bot|blingerp|blockaid|bloglines|blogvault|bluesky-domain-status-classifier|bluesky/|bne[.]es_bot|brightbot|browserbot-observer|bufferlinkpreviewbot|bugsnag|buttondown|capitalonebot|certchief|channable|channel3bot|chirp|gotosocial|clickuplinkunfurler|cloudflare-autorag|cloudflare-custom-hostname-verification|cloudflare-stream-webhook|cloudflareradarurlscanner|cloudtrellis|[cc]ludo|code/1[.]|collapsify|contextualbot.*outcomes[.]net|convermax|cookie-maestro|cookiehubverify|cookieyesbot|crazy egg|current.*rss reader|cypex[.]ai/scanning|deepcrawl|digicert dcv|dlvr[.]it|dotcom-monitor|drataautopilot|dreamhost data team|ds9| dvbot|ecovadissustainabilitybot|elmah[.]io uptime monitoring|evernoterichlinkbot|ezlynx|ezoicbot|facebookbot|fastdast|feeder /|feedflow|findfiles[.]net|firecrawlagent|fyndsearchengine-crawler|fyndsearchengine-recrawler|goodreads|google trust services|google-agent|google-gemini-cli|google-notebooklm|googleagent-mariner|greppr web crawler|hardenize|honeybadgerbot|iboubot|imagespider|innologica|kagi-fetcher|kangaroo bot|known agent|krawlerbot|laion-huggingface-processor|linkcheckerbot|linkupbot|lmarenaunfurlbot|lyonl-asset-proxy|lyonl-crawler|magibot|magpierss|mail[.]ru|mailchimp|manus-user|mcontextualbot|mediumbot-metatagfetcher|metaiab facebook|mixrankbot|modernizebot'), ''),
           NULLIF(REGEXP_SUBSTR(j.ua, 'montasticmonitor|nanointeractive|nestdaddybot|netcraft ssl server survey|netcraft web server survey|netseer crawler|netumo|netumo|newrelicsynthetics|newsroom[.]bi|nitro-|nitrobot|noibu|nostocrawlerbot|onetrust|opencode-smartfetch|;owler|parselysharesbot|phindbot|podchaserparser|podimo|poggio-citations|productsup[.]io/crawler|qcbot|qualys|quora-bot|qwantbot|qwarrybot|rsiteauditor|rss[.]social|salesforce[.]com|scope3|scraping@nytimes[.]com|scrubby|scrunchbot|seo4ajax[.]com|sequelwp|serverdensity|shapbot|shortpixel|silktide|sitelock|smarshbot|smtnetpmbot|software-security-research|sottopopnone|spider.*spider[.]com|splunk|statusnestbacklinkspider|stepstonecrawlbot|tavilybot|thousandeyes|trae/|twinagent|uipbot|um-fc|um-ic|uptimestatistics|verispider|visionheight[.]com/scan|watchbot monitoring robot|watchful|weborama-fetcher|webspidermount|wepchsearchengine|wknd-bot|wpmu dev hub|wtotem|xovionpagecrawler|yelpspider|zanistabot|zoominfo-|7siters|accessible web bot|atvowbot|bibliotheque nacional de france crawler|bling erp|cdscbot|critical css bot|cybaabot|cyberfindcrawler|dark visitor|determ|dnsscanner|drupalbot|emoney advisor|everyfeed-spider|extecontextcrawl|fedidb|fediindex|fedilist agent|fedineko|fedreporter bot for ffiec|feedsearch bot|feedsearch-crawler|fiperbot|fleebsbot|fluid|flyriverbot|freshbot|gaisbot|genomecrawlerd|halobot|irlbot|kaikki[.]org-digital-archive|kb[.]dk_bot|library of congress web archiving|magnetmebot|matchorysearch|minoru''s fediverse crawler|mirrorwebcrawler|mithril-crawler|modatscanner|napbot|new york times newsgathering|nlux_iaharvester|noahbot|plagawarebot|rakuten image extraction bot|researchbot|rss-is-dead[.]lol web bot|seolyt|sirdatabot|sitesoverpagesbot|sleepbot|sosospider|termly|tls tester|trafilatura|urlbeebot|videootv bot|vmcrawl|wadoobot|website-info[.]net-robot|webzip|wikido|wovn crawler|youdaobot|zyborg|aranet-searchbot|crawl4ai|deepseekbot|iaskspider|kunatocrawler|terracotta|abevalbot|blekkobot|br-crawler|buddybot|capterrabot'), ''),
           NULLIF(REGEXP_SUBSTR(j.ua, 'carbon-umbrella-bot|caveman-hunter|centro ads[.]txt crawler|wisebot|codabot|corporama matcher|cyotekwebcopy|datadog agent|dazzle bluesky bot|dominicbot|dow jones searchbot|download ninja|emailwolf|fedistatscrawler|goparserbot|gsa-crawler|hanaleibot|nicheindex|headonlyscraper|henkbot|impact[.]com agent|keydrop[.]io|larbin|sentinel-linkcheck|linko|linkpadbot|lwp-trivial|magus bot|naverbot|loopimprovements[.]com|opentheboxbot|owler-w|peer39_crawler|pixalate[.]com|poduptime|pomothy-bot|pulsepoint-crawler|rawweb-bot|semantic-visions|sindup|sitesucker|springservebot|sqwatcher|supabase paired crawler|sv-watchagent|swiftbot|synthesibot|taragroup intelligent bot|thinkbot|tsmbot|tsm-turingos|ugaresearchagent|urlsuma[.]de crawler|wanscannerbot|webcapture|webcopier|cognitiveseo[.]com|xing bot|xml sitemaps generator|yandorirssbot|zealbot|008/|monitoring360bot/|adagiobot|adbeat[.]com|adminlabs|advanced_crawler|adventurer|agakidsbot|agencyanalyticsbot|ai2bot|akismetbot|alexa site audit|algolia crawler|alienfarm|allorigins|amazonadbot|kendrabot|appsiteassociation|aragog/|aranea|archivebox|arquivobot|arquivo-web-crawler|artemisbot|asana/|audistobot|autoconfig test from ustc|tracking-quality-spider|bad neighborhood header detector|baiduadsbot|bdbot/|beeperbot|betteruptimebot|bnfbot|bigupdatabot|binarycanary|bitbucket-webhooks|bl[.]uk_ldfc_bot|blackduck-fd|blogtrottr|blueskypreviewbot|boardgamepricesbot|botpoke|bdfetch|brandwatch|bravebot|brokenlinkcheck[.]com|bw/|bushbaby|butterfly|rss-parser|caliberbot|capitaloneshopping|catchpoint|centuryb[.]o[.]t9|cert pl|certytags|chargebeebot|charlotte|chatglm-spider|chatwork linkpreview|checkhost|goodzer|chrome privacy preserving prefetch proxy|cirrusexplorer|classla-web|clearscopebot|worldbot|cloudflare-validator|cloudflare-csup|cloudflare-custom-error-page-crawler|cloudflare-radar-scanner|cloudflare-speedtest|cloudflare-stream-hook|cognitiveseo bot|cohere-training-data-crawler|commafeed|researchscan[.]comsys[.]rwth-aachen[.]de|contentkingapp'), ''),
           NULLIF(REGEXP_SUBSTR(j.ua, 'cookiehub bot|cotoyogi|coveobot|crawlson|repolookoutbot|criticalcss[.]com|cron-job[.]org|dnbcrawler|dmbrowser|domcopbot|downnotifier[.]com|downtimedetector/|dlc/|dratabot|easybib autocite|easybill-importmanager|easycron/|easydns monitoring|echoboxbot/|cronless|crusty/|csirt[.]cz|cxk_bot|daumoa|daspeedbot|dead link checker|deskyobot|detectify|devin|df bot|dingtalkbot-linkservice|discourse forum onebox|dmbot|sustainabilitycrawler|edansbot|edgewatch|do not track verifier|elmahio-uptimebot|emoneybot|epivozcrawler|erepublik[.]tools|evouptimebot|exodusmovement|ezgif|factset_spyderbot|fastmailua|fdl stats bot|fedicabot|fedreporterdatabot|feed image audit|feedburner|feeder[.]co|feedpresso content index bot|feedwind|fidget-spinner-bot|firmograph|flipboardrss|foregenix|freespoke/|friendly testing bot|friendly-spider|friendlycrawler/|fullstorybot/|funnelback|fuseonbot/|gabanzabot/|gdnplus[.]com|getthit[.]com|gg peekbot|ghost inspector|github-camo|globalwebsearch|golfe/|google-apps-script|googlestackdrivermonitoring|googleassociationservice/|googleimageproxy|googleproducer|googlebot-ia/|google-trust-services/|google-area120|google-cloudvertexbot|googleassociationservice$|googledocs|gopay|gotsitemonitor[.]com|synthetic-monitoring-agent/|grammarly/|gregcrawler|groovinaadsbot/|grover/|gtmetrix|guestpostsbot/|gulper web bot|verity/|happywing|harsilbot/|hawaiibot|hcardvalidator|hello world|helloworkjobpostingbot/|hetrixtools|hifibot/|hlidam[.]to robot|honeybadger uptime check|hosttracker/|hotjar|hstspreload-bot|huckabot/|hype machine/|web screen service by hyperhost|adsbot-iab|iaskbot/|ibm crawler|ifttt/|imagefetcher/|imagemind|img2dataset|imgproxy/|impendoom-bot/|indeedjobbot|innguma/|instapaper/|integromat/|intelx[.]io_bot|internetvista monitor|irokez[.]cz monitoring|isdownbot/|isscyberriskcrawler/|iubenda-radar/|uptimebot/|jetmon/|jobswithgptcom-bot|jumio|kagibot/|kangaroobot/|kargobot-artemis|kazbtbot/|keycdn-tools/|keys-so-bot|kinsta-bot|klaviyo/|kukei[.]eu-bot/|lac_iaharvester'), ''),
           NULLIF(REGEXP_SUBSTR(j.ua, 'lastmodbot/|legalmonster|let''s encrypt|level9searchbot/|loc[.]gov/programs/web-archiving|linerbot/|linktiger|linkace/|linksindexerbot/|linkwalker/|logicmonitor|loomlybot|macrobondbot|madbbot/|magellan|magicsearchdev/|magnet[.]me-web/|mainwp/|make/|managewp|marketgoo/|marketingminer|dbot[)]|mattermost-bot/|mavifinds|mb-linkchecker|medialogiabot|mediamonitoringbot/|mediavinemetadataparser/|pywikibot/|centcombot/|mergadobot|meta-externalhit/|metorik|mgidbot|miniature[.]io/|mirrorweb[.]com|missinglettrbot/|crawler_eb_germany|modularconnector/|mollie http client|monibot|monitis -|monitorss/|monspark/|montastic-monitor|montools[.]com|motominerbot/|mrgbot/|mxtoolbox|my-tiny-bot|mybot/|nbertaupete95|netapi|netpeakcheckerbot/|netshelter contentscan|netvigie|newrelicbot/|nyt_scraping|newsnow/|nlnz_iaharvester|nodeping|nomore404[.]com robot|noorobot|nooshub/|notabot|novaact/|novellum|nstoolsbot/|nvdorz|odin;|offline explorer|ohdear/|omnisend/|online domain tools|webceo online/|onlineornot[.]com_bot|opengraph[.]io/|openrss|openvas|owler [(]ows[.]eu|operator/|orbbot/|zebra-v2-bot|orlo-linkpreview/|cozi-icalendar-feedreader|outsellurlvalidator|overcast/|prtgcloudbot/|pagespeed/|pangubot|panopta|paqlebot/|parse[.]ly scraper/|paypal/|pdf24 url to pdf|pingadmin[.]ru/|pingping[.]io/|playstore-google|plesk screenshot bot|pocketcasts/|potions/|pressenginebot|pricedroneshoppingbot/|priecobot/|printfriendly[.]com|pro-sitemaps/|probelyspdr/|projectshield-urlcheck|blackbox exporter/|protopage/|ps_daily/|pulsetic[.]com|pwabuilderhttpagent|qualifiedbot/|quantcastbot/|rackspace monitoring/|rakutenusabot-image/|top100[.]rambler[.]ru crawler|rankurbot/|ravencrawler/|readable/|recurly webhooks/|red/|reelevant/|remove[.]bg/|retool/|retrolistecom/|revvimgort/|reward-gateway|riddler [(]http://riddler[.]io|robotschecker/|rssapi/|rss2tg|rssreaderbot|s4a-probe-bot/|sfdc-callout/|page-preview-tool|sandobacrawler/|sansec security monitor/|giftedvisitor scan|schema-markup-validator|scoop[.]it/'), ''),
           NULLIF(REGEXP_SUBSTR(j.ua, 'scourrssbot/|scrapeherobot/|screeenly-bot|sebot-wa|searcherweb|searcherxweb|searchexpress|securityheaders|semaltbot/|sendgrid event api|sentryuptimebot/|seo-audit-check-bot/|s4a/|claritybot/|seositecheckup|seoulbot|serptimizerbot|server density service monitoring|serverhunterspider/|seznamhomepagecrawler/|shopify-captain-hook|shortwave image fetcher|linkreader/|sidetrade indexer bot|^silk/|sincerasyntheticuser/|optimizer[)]|site24x7|siteauditbot/|sitecheck-sitecrawl|sitescorebot|sitesearch360/|siteuptime[.]com|konturbot/|skroutzbot|skyworkspider|slickbot/|smartologybot/|snapurlpreview/|snapchatads/|snipcart/|solarwinds/|sora pos/|sparkshipping|sparkpost|spawning-ai|idg/eu|specificfeeds|spectate/|spiderling|splash version/|rigor[)]|twinwavescanner|ssl labs [(]https://www[.]ssllabs[.]com|ssssbot/|stape/|startpageprivateimageproxy/|statabot/|statistikaustria/|statsdronebot|stripe/|sucuri|svix-webhooks/|swifteqlinkchecker|swisscows|datadog synthetic|tactiscout/|tchelebi/|bitdiscovery|test certificate info|testcrawler|test-bot|testlocally/|testuri|textrazor|the knowledge ai|theinternetsearchx|thesis-research-bot|trellis-services|trentwil[.]es|trustly/|ttd-content|tweakers|twilioproxy/|uaslinkchecker/|hgfalphaxcrawl/|unshorten[.]it!|updown[.]io|uptime/|uptimedoctor|uptimia|uptrends|urlcheckr/|urlsumabot|useebookchecker/|vagabondo/|vaultpress|videootvbot|vsusearchspider/|vu-server-health-scanner/|wardbot/|websiteops|watchmouse|web measure/|webflow|webgains-bot|webprosbot/|websitepulse|websniffer/|wsm/|webwikibot/|wedos online|whatsmyip[.]org|whatweb/|wheregoes[.]com|wheresitup[.]com/|citoid|wirereaderbot/|zoterotranslationserver/wmf|wmtips[.]com/|wordcountbot/|wordup-1|workona-favicon-service/|indy library|wjhro/|wormlybot|wovncrawler/|wowlink crawler/|wp time capsule|wpumbrella|wpbot/|wpmu dev broken link checker|wpmudev uptime monitor|wpsec/|wrtnbot|abuse[.]xmco[.]fr|xy-archive-compliance|yahoo ad monitoring|yahoomailproxy|yahoocachesystem|ylt chrome|yokoygroupag/'), ''),
           NULLIF(REGEXP_SUBSTR(j.ua, 'yuuperbot|zapier|zendesk webhook|zombiebot/|zzhbot|penthouse critical path css generator|google-adwords-express|notion/|ssl labs$|skroutz imagebot|tumblr/|upday/|watchtowr|prtg network monitor|geedoshopproductfinder|watchforbot|listgembot'), '')), 1, 200) AS matched
FROM (SELECT a.user_agent, LOWER(a.user_agent) AS ua
      FROM (SELECT DISTINCT b.user_agent FROM bot_events b
            WHERE b.user_agent IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM clickstream.user_agent_verdicts v
                WHERE v.user_agent = b.user_agent AND v.list_version = '1.60.0')) a) j
-- END generated crawler patterns
;

-- one verdict per user agent: the one of the current list version
DELETE FROM clickstream.user_agent_verdicts USING agent_verdicts
WHERE clickstream.user_agent_verdicts.user_agent = agent_verdicts.user_agent;

INSERT INTO clickstream.user_agent_verdicts (user_agent, matched, list_version)
SELECT g.user_agent, g.matched, g.list_version FROM agent_verdicts g;

INSERT INTO clickstream.bot_flags (user_key, rule, first_seen, last_seen, evidence)
SELECT e.user_key, 'crawler_ua', MIN(e.event_ts), MAX(e.event_ts), 'user agent matches ' || MIN(v.matched)
FROM bot_events e
JOIN clickstream.user_agent_verdicts v ON v.user_agent = e.user_agent
WHERE v.matched IS NOT NULL
GROUP BY e.user_key;

CREATE TEMP TABLE bot_ip_hours AS
-- only the address-hours the re-evaluated users were seen on, each read by a range on (request_ip, event_ts); a table
-- of its own, so the planner knows how few they are (estimated inline, it expects one per event and scans all events)
SELECT DISTINCT request_ip, DATE_TRUNC('hour', event_ts) AS hour FROM bot_events WHERE request_ip IS NOT NULL;

CREATE TEMP TABLE ip_hour_devices AS
-- every anonymous id on those address-hours; shallow: never logged in there, and few events there
SELECT h.request_ip, h.hour, e.anonymous_id,
       CASE WHEN COUNT(e.user_id) = 0 AND COUNT(*) <= CAST(:ip_farm_shallow_events AS INTEGER) THEN 1 ELSE 0 END AS shallow
FROM bot_ip_hours h
JOIN clickstream.events e
  ON e.request_ip = h.request_ip AND e.event_ts >= h.hour AND e.event_ts < h.hour + INTERVAL '1 hour' -- address
WHERE e.loaded_at <= CAST(:run_upper AS TIMESTAMP) AND e.anonymous_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM clickstream.server_libraries s WHERE s.library_name = e.library_name)
GROUP BY h.request_ip, h.hour, e.anonymous_id;

INSERT INTO clickstream.bot_flags (user_key, rule, first_seen, last_seen, evidence)
SELECT e.user_key, 'ip_farm', MIN(e.event_ts), MAX(e.event_ts),
       'ip ' || MIN(e.request_ip) || ': ' || CAST(MAX(f.shallow) AS VARCHAR(20)) || ' shallow anonymous ids of '
       || CAST(MAX(f.devices) AS VARCHAR(20)) || ' in an hour'
FROM bot_events e
JOIN ip_hour_devices d
  ON d.request_ip = e.request_ip AND d.hour = DATE_TRUNC('hour', e.event_ts) AND d.anonymous_id = e.anonymous_id AND d.shallow = 1
JOIN (SELECT x.request_ip, x.hour, SUM(x.shallow) AS shallow, COUNT(*) AS devices
      FROM ip_hour_devices x
      GROUP BY x.request_ip, x.hour
      HAVING SUM(x.shallow) >= CAST(:ip_farm_anonymous_ids AS INTEGER)
         AND SUM(x.shallow) >= CAST(:ip_farm_shallow_share AS DOUBLE PRECISION) * COUNT(*)) f
  ON f.request_ip = d.request_ip AND f.hour = d.hour
GROUP BY e.user_key;

CREATE TEMP TABLE view_gaps AS
SELECT s.session_id, v.user_key, v.event_ts,
       DATE_PART('epoch', v.event_ts) - DATE_PART('epoch', LAG(v.event_ts) OVER (
           PARTITION BY s.session_id ORDER BY v.event_ts, v.message_id)) AS gap
FROM bot_events v
JOIN clickstream.sessions s
  ON s.session_key = v.session_key AND v.event_ts >= s.session_start AND v.event_ts <= s.session_end
WHERE v.type IN ('page', 'screen');

INSERT INTO clickstream.bot_flags (user_key, rule, first_seen, last_seen, evidence)
SELECT r.user_key, 'robotic_timing', MIN(r.first_seen), MAX(r.last_seen), 'sessions: ' || CAST(COUNT(*) AS VARCHAR(20))
FROM (SELECT g.session_id, MIN(g.user_key) AS user_key, MIN(g.event_ts) AS first_seen, MAX(g.event_ts) AS last_seen
      FROM view_gaps g
      GROUP BY g.session_id
      HAVING COUNT(*) >= CAST(:robotic_min_views AS INTEGER)
         AND AVG(g.gap) > 0
         AND STDDEV_SAMP(g.gap) / AVG(g.gap) < CAST(:robotic_max_cv AS DOUBLE PRECISION)) r
GROUP BY r.user_key;

-- users whose verdict flipped, for the product metrics to re-count
INSERT INTO clickstream.bot_changes (user_key, run_upper)
SELECT x.user_key, CAST(:run_upper AS TIMESTAMP)
FROM (SELECT b.user_key FROM flagged_before b
      WHERE NOT EXISTS (SELECT 1 FROM clickstream.bot_flags f WHERE f.user_key = b.user_key)
      UNION
      SELECT DISTINCT f.user_key FROM clickstream.bot_flags f JOIN bot_users u ON u.user_key = f.user_key
      WHERE NOT EXISTS (SELECT 1 FROM flagged_before b WHERE b.user_key = f.user_key)) x;

CREATE TEMP TABLE bot_scope AS
-- every session a flag change can affect: those of re-evaluated users, and every session of a touched key (two
-- equality joins: an IN list of millions of keys combined with OR is not hashed by PostgreSQL)
SELECT s.session_id,
       CASE WHEN EXISTS (SELECT 1 FROM clickstream.bot_flags f WHERE f.user_key = s.user_key) THEN TRUE ELSE FALSE END AS is_bot
FROM clickstream.sessions s
JOIN (SELECT x.session_id
      FROM clickstream.sessions x JOIN bot_users b ON b.user_key = x.user_key
      UNION
      SELECT x.session_id
      FROM clickstream.sessions x JOIN (SELECT DISTINCT session_key FROM bot_events) k ON k.session_key = x.session_key) i
  ON i.session_id = s.session_id;

INSERT INTO clickstream.session_changes (day, run_upper)
SELECT DISTINCT CAST(DATE_TRUNC('day', s.session_start) AS DATE), CAST(:run_upper AS TIMESTAMP)
FROM clickstream.sessions s
JOIN bot_scope b ON b.session_id = s.session_id AND b.is_bot <> s.is_bot;

UPDATE clickstream.sessions SET is_bot = bot_scope.is_bot
FROM bot_scope
WHERE clickstream.sessions.session_id = bot_scope.session_id
  AND clickstream.sessions.is_bot <> bot_scope.is_bot;

DROP TABLE bot_scope, view_gaps, ip_hour_devices, bot_ip_hours, agent_verdicts, bot_events, flagged_before,
    bot_users, new_events_bot;
