// name: analytics_country_regions
// description: Every country's regions in the article's scheme (one PART_OF hop to a Region), for grouping aggregated country rows by region outside the database (yearly timelines): a country counts in each of its regions, as in analytics_pair_weights_region.
MATCH (c)-[:PART_OF]->(g:Region)
WHERE c.kind = 'Country'
RETURN c.id AS country, g.id AS region
ORDER BY country, region
