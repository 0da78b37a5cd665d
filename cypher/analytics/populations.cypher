// name: analytics_populations
// description: Base populations of one year for migration rates, per source dataset: a CountryYear's padded_population_of_researchers (MPIDR's country table) or population (`intelmig import population`), and Estimate nodes ABOUT a country whose unit is one of these (a graph built by hand).
// param: year INT The year of the rates (default: 2019)
// param: units LIST Units that are base populations (default: ["padded_population_of_researchers", "population"])
MATCH (y:CountryYear)-[:ABOUT]->(c:Country)
WHERE y.year = $year AND y.padded_population_of_researchers IS NOT NULL
  AND 'padded_population_of_researchers' IN $units
RETURN y.dataset AS source, c.id AS place, 'padded_population_of_researchers' AS unit,
       y.padded_population_of_researchers AS population
UNION ALL
MATCH (y:CountryYear)-[:ABOUT]->(c:Country)
WHERE y.year = $year AND y.population IS NOT NULL AND 'population' IN $units
RETURN y.dataset AS source, c.id AS place, 'population' AS unit, y.population AS population
UNION ALL
MATCH (e:Estimate)-[:ABOUT]->(c:Country)
WHERE e.unit IN $units AND e.year_start = $year
  AND coalesce(e.year_end, e.year_start) = $year
  AND e.low IS NOT NULL AND e.low = e.high
RETURN coalesce(e.dataset, 'seed') AS source, c.id AS place, e.unit AS unit, e.low AS population
