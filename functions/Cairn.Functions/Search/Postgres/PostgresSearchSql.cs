using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Cairn.Search.Postgres;

/// <summary>
/// Builds the one statement that answers a query: the keyword arm's candidates (scored by <see cref="KeywordIndex"/>)
/// passed in as arrays, the HNSW arm over <c>search_documents.embedding</c> with every filter inside, then fusion and
/// the final cut. docs/search.md explains each part. Pure: tested without a database.
/// </summary>
public static class PostgresSearchSql
{
    /// <summary>
    /// Each arm keeps only finite scores: PostgreSQL sorts NaN (a vector without direction has a NaN cosine) above every
    /// number, and one NaN or infinity in an arm makes every min-max-fused score NaN, so the ranking falls back to id order.
    /// </summary>
    internal const string Finite = "score > '-Infinity'::float8 and score < 'Infinity'::float8";

    /// <summary>
    /// <paramref name="Keyword"/>: the keyword arm's candidates, best first (null: no keyword arm). With
    /// <paramref name="Model"/>, the vector arm reads only vectors recorded as that model's (one an older instance wrote
    /// during a model change never mixes in). With <paramref name="Passing"/> (the few documents the filter lets through,
    /// from the keyword mirror), the vector arm ranks exactly those by cosine instead of walking HNSW.
    /// </summary>
    public sealed record Plan(KeywordCandidates? Keyword, bool Vector, FusionMethod Fusion, FusionOptions FusionOptions, int Candidates,
        double KeywordWeight, string? Model = null, int[]? Passing = null);

    public static string Build(SearchQuery query, Plan plan, NpgsqlParameterCollection parameters)
    {
        if (plan.Keyword is null && !plan.Vector)
        {
            throw new ArgumentException("A search needs at least one arm.", nameof(plan));
        }

        var filter = PostgresSearchFilter.Translate(query.Filter, parameters);
        parameters.AddWithValue("limit", query.Limit);
        var ctes = new List<string>();
        if (plan.Keyword is { } keyword)
        {
            parameters.Add(new NpgsqlParameter("kw_doc", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = keyword.Docs });
            parameters.Add(new NpgsqlParameter("kw_score", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = keyword.Scores });
            ctes.Add("kw as (select doc, score from unnest(@kw_doc::int[], @kw_score::float8[]) k(doc, score))");
            ctes.Add($"kr as (select doc, score, row_number() over (order by score desc, doc) as rank from kw where {Finite})");
        }
        if (plan.Vector)
        {
            parameters.AddWithValue("candidates", plan.Candidates);
            parameters.Add(new NpgsqlParameter("vector", NpgsqlDbType.Array | NpgsqlDbType.Real) { Value = query.Vector!.Value.ToArray() });
            if (plan.Model is not null)
            {
                parameters.AddWithValue("model", plan.Model);
            }
            var conditions = plan.Model is null ? filter : $" and d.embedding_model = @model{filter}";
            if (plan.Passing is { } passing)
            {
                parameters.Add(new NpgsqlParameter("passing", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = passing });
            }
            ctes.AddRange(VectorArm(conditions, exact: plan.Passing is not null));
        }

        var sql = new StringBuilder("with ").AppendJoin(",\n", ctes).Append('\n');
        if (plan.Keyword is not null && plan.Vector)
        {
            sql.Append(Fusion(plan, parameters));
        }
        else
        {
            var arm = plan.Vector ? "vr" : "kr";
            var columns = plan.Vector ? "null::bigint, null::float8, vr.rank, vr.score" : "kr.rank, kr.score, null::bigint, null::float8";
            sql.Append(CultureInfo.InvariantCulture, $"""
                select d.id, {arm}.score, {columns}
                from {arm} join search_documents d on d.doc = {arm}.doc
                order by {arm}.rank limit @limit
                """);
        }
        return sql.ToString();
    }

    // What the exact path reads of a passing row: the vector and what the filter checks again.
    private const string ExactColumns = "doc, embedding, embedding_model, kind, owner, visibility, scope, domain, tools, status, quality";

    // Exact: one primary-key probe per passing row (a nested loop, ~1.8x faster than the bitmap heap scan the planner
    // picks for "doc = any(@passing)"), every cosine computed and sorted (ordering by the score, not by the distance
    // operator, keeps the planner off HNSW; NaN, which sorts first, is dropped before the cut). The filter is checked
    // again on those rows, so a mirror a write behind never widens it; "offset 0" keeps that check out of the probe,
    // where the planner would AND the bitmaps of kind and status (60k rows each). Otherwise HNSW, whose iterative scan
    // walks the graph until enough rows pass the filter.
    private static IEnumerable<string> VectorArm(string filter, bool exact)
    {
        yield return exact
            ? $"""
                vec as (
                    select doc, score from (
                        select d.doc, 1 - (d.embedding <=> @vector::vector) as score
                        from unnest(@passing::int[]) p(doc)
                        cross join lateral (select {ExactColumns} from search_documents s where s.doc = p.doc offset 0) d
                        where d.embedding is not null{filter}) e
                    where {Finite}
                    order by score desc, doc limit @candidates)
                """
            : $"""
                vec as (
                    select d.doc, 1 - (d.embedding <=> @vector::vector) as score
                    from search_documents d
                    where d.embedding is not null{filter}
                    order by d.embedding <=> @vector::vector limit @candidates)
                """;
        yield return $"vr as (select doc, score, row_number() over (order by score desc, doc) as rank from vec where {Finite})";
    }

    private static string Fusion(Plan plan, NpgsqlParameterCollection parameters)
    {
        string fused;
        if (plan.Fusion == FusionMethod.Rrf)
        {
            parameters.AddWithValue("rrf_k", (double)plan.FusionOptions.RrfK);
            fused = "coalesce(1 / (@rrf_k + krank), 0) + coalesce(1 / (@rrf_k + vrank), 0)";
        }
        else
        {
            parameters.AddWithValue("w", plan.KeywordWeight);
            fused = plan.FusionOptions.Normalization switch
            {
                // Min-max over each arm's candidates; an arm that missed the document adds 0, a lone candidate counts as 1.
                ScoreNormalization.MinMax => """
                    @w * case when kscore is null then 0 else coalesce((kscore - min(kscore) over ()) / nullif(max(kscore) over () - min(kscore) over (), 0), 1) end
                    + (1 - @w) * case when vscore is null then 0 else coalesce((vscore - min(vscore) over ()) / nullif(max(vscore) over () - min(vscore) over (), 0), 1) end
                    """,
                // Every keyword candidate's cosine is computed (vexact), so an exact match on a word the embedder does not
                // know keeps its vector share even when the vector arm ranks it nowhere.
                ScoreNormalization.AbsoluteCosine => """
                    @w * coalesce(kscore / nullif(max(kscore) over (), 0), 0) + (1 - @w) * coalesce(greatest(vexact, 0), 0)
                    """,
                _ => """
                    @w * coalesce(kscore / nullif(max(kscore) over (), 0), 0)
                    + (1 - @w) * coalesce(greatest(vexact, 0) / nullif(max(greatest(vexact, 0)) over (), 0), 0)
                    """,
            };
        }
        // The cosine of a keyword candidate the vector arm did not return, for the normalisations that use it.
        var vexact = plan.FusionOptions.Normalization == ScoreNormalization.MinMax ? "vr.score" : $"""
            coalesce(vr.score, (select c.score from (select 1 - (e.embedding <=> @vector::vector) as score from search_documents e
                where e.doc = kr.doc and e.embedding is not null{(plan.Model is null ? "" : " and e.embedding_model = @model")}) c where {Finite.Replace("score", "c.score")}))
            """;
        return $"""
            , both_arms as (
                select coalesce(kr.doc, vr.doc) as doc, kr.rank as krank, kr.score as kscore, vr.rank as vrank, vr.score as vscore,
                       {vexact} as vexact
                from kr full join vr on vr.doc = kr.doc)
            , fused as (select both_arms.*, {fused} as score from both_arms)
            select d.id, f.score, f.krank, f.kscore, f.vrank, f.vscore
            from fused f join search_documents d on d.doc = f.doc
            order by f.score desc, d.id limit @limit
            """;
    }
}

/// <summary>The keyword arm's candidates, best first: search_documents.doc, BM25 score and the document's id.</summary>
public sealed record KeywordCandidates(int[] Docs, double[] Scores, string[] Ids);
