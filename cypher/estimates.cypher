// name: estimates
// description: Every quantity the article states, in its own words and as numeric bounds (never a point value), with the references behind it.
MATCH (q)
WHERE q.kind IN ['Estimate', 'Flow'] AND q.stated_en IS NOT NULL
RETURN q.kind AS kind, q.id AS id, q.stated_kk AS stated_kk, q.stated_en AS stated_en,
       q.low * 1.0 AS low, q.high * 1.0 AS high, q.unit AS unit, q.cites AS cites
ORDER BY kind, id
