-- query: categories_by_hour_and_weekday
-- title: Top categories by hour of day and weekday
-- question: When do people browse, and which product category leads at each hour of each weekday? Views of every
--           category per cell, with the most viewed category of that cell. Bots are left out.
-- grain: one row per (weekday, hour of day, UTC) with any product view, add or purchase
-- parameters: from_day, to_day (UTC dates, inclusive); source: not applied (category_hourly sums every source)
-- reads: clickstream.category_hourly
-- columns: weekday number, hour_of_day number, views number, adds number, purchases number, top_category text,
--          top_category_views number
-- chart: heatmap x=hour_of_day y=weekday value=views label=top_category
-- empty: no product views in this range: run `clickstream simulate`, then wait for the next model run
WITH cells AS (
    SELECT CAST(DATE_PART('dow', c.hour) AS INTEGER) AS weekday,
           CAST(DATE_PART('hour', c.hour) AS INTEGER) AS hour_of_day,
           c.category,
           SUM(c.views) AS views,
           SUM(c.adds) AS adds,
           SUM(c.purchases) AS purchases
    FROM clickstream.category_hourly c
    WHERE c.hour >= CAST(:from_day AS DATE)
      AND c.hour < CAST(:to_day AS DATE) + INTERVAL '1 day'
    GROUP BY CAST(DATE_PART('dow', c.hour) AS INTEGER), CAST(DATE_PART('hour', c.hour) AS INTEGER), c.category
),
ranked AS (
    SELECT x.weekday, x.hour_of_day, x.category, x.views, x.adds, x.purchases,
           ROW_NUMBER() OVER (PARTITION BY x.weekday, x.hour_of_day
                              ORDER BY x.views DESC, x.purchases DESC, x.category) AS rn,
           SUM(x.views) OVER (PARTITION BY x.weekday, x.hour_of_day) AS cell_views,
           SUM(x.adds) OVER (PARTITION BY x.weekday, x.hour_of_day) AS cell_adds,
           SUM(x.purchases) OVER (PARTITION BY x.weekday, x.hour_of_day) AS cell_purchases
    FROM cells x
)
SELECT r.weekday, r.hour_of_day, r.cell_views AS views, r.cell_adds AS adds, r.cell_purchases AS purchases,
       r.category AS top_category, r.views AS top_category_views
FROM ranked r
WHERE r.rn = 1
ORDER BY r.weekday, r.hour_of_day;
