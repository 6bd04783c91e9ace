-- Athena database for the enriched layer.
-- Placeholders (filled by sql/render-ddl or the CDK app from the same files):
--   ${DATABASE}       Glue database name, e.g. tglake
--   ${LAKE_LOCATION}  enriched root without trailing slash, e.g. s3://my-lake-bucket/enriched
--   ${LOCAL_TZ}       IANA zone for local-time analyses, default America/Sao_Paulo
CREATE DATABASE IF NOT EXISTS ${DATABASE};
