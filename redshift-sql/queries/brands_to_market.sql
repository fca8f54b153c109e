-- query: brands_to_market
-- title: Brands that need marketing
-- question: Which brands are looked at but not bought? Product views against purchased items per brand over the
--           range, lowest conversion first, among brands with at least min_views views. Bots are left out.
-- grain: one row per brand (at most 20)
-- parameters: from_day, to_day (UTC dates, inclusive); min_views (default 10); source: not applied (brand_daily
--             sums every source)
-- reads: clickstream.brand_daily
-- columns: rank number, brand text, views number, purchases number, conversion number
-- chart: hbar y=brand x=views,purchases
-- defaults: min_views=10
-- empty: no brand with enough product views in this range: run `clickstream simulate`, or widen the dates
SELECT ROW_NUMBER() OVER (ORDER BY b.conversion, b.views DESC, b.brand) AS rank,
       b.brand, b.views, b.purchases, b.conversion
FROM (SELECT d.brand,
             SUM(d.views) AS views,
             SUM(d.purchases) AS purchases,
             SUM(d.purchases) / CAST(SUM(d.views) AS DOUBLE PRECISION) AS conversion
      FROM clickstream.brand_daily d
      WHERE d.day >= CAST(:from_day AS DATE) AND d.day <= CAST(:to_day AS DATE)
      GROUP BY d.brand
      HAVING SUM(d.views) >= CAST(:min_views AS BIGINT)) b
ORDER BY rank
LIMIT 20;
