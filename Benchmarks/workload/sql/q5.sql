-- Q5: a banner table's column percentages, weighted: industry by region and by role
SELECT banner, "column", category, pct FROM (
  SELECT 'region' AS banner, region AS "column", industry AS category,
         100.0 * sum(weight) / sum(sum(weight)) OVER (PARTITION BY region) AS pct
  FROM microdata GROUP BY region, industry
  UNION ALL
  SELECT 'role' AS banner, role AS "column", industry AS category,
         100.0 * sum(weight) / sum(sum(weight)) OVER (PARTITION BY role) AS pct
  FROM microdata GROUP BY role, industry
) AS cells
ORDER BY banner, "column", category;
