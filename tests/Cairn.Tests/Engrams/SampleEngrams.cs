using System.Text.Json.Nodes;

namespace Cairn.Tests.Engrams;

// Engrams for tests: one with every field of the schema set, and small ones to learn.
public static class SampleEngrams
{
    // Every documented field, valid, plus unknown fields at the top and nested levels.
    public const string Full = """
        {
          "id": "ENG-2026-0518-001",
          "version": 2,
          "status": "active",
          "consolidated": false,
          "type": "procedural",
          "scope": "project:my-app",
          "visibility": "public",
          "statement": "Always validate user input at API boundaries.",
          "rationale": "An unvalidated field crashed the importer in May.",
          "contraindications": ["Internal calls between trusted services"],
          "source": "incident-42",
          "source_patterns": ["PAT-1"],
          "derivation_count": 1,
          "pack": null,
          "abstract": null,
          "derived_from": null,
          "knowledge_type": {"memory_class": "procedural", "cognitive_level": "apply"},
          "domain": "dev/api",
          "tags": ["validation", "api"],
          "activation": {"retrieval_strength": 0.7, "storage_strength": 1.0, "frequency": 0, "last_accessed": "2026-05-25"},
          "relations": {"broader": ["ENG-2026-0501-007"], "narrower": [], "related": [], "conflicts": []},
          "associations": [{"target_type": "engram", "target": "ENG-2026-0515-031", "strength": 0.82, "type": "semantic", "updated_at": "2026-05-16"}],
          "knowledge_anchors": [{"path": "src/api/validate.ts", "relevance": "primary", "snippet": "if (!body) throw", "snippet_extracted_at": "2026-05-12"}],
          "dual_coding": {"example": "Reject a negative quantity with 422.", "analogy": "Like a customs check at a border."},
          "provenance": {"origin": "plur_learn:gregor:2026-05-16T12:34Z", "chain": [], "signature": null, "license": "cc-by-sa-4.0"},
          "feedback_signals": {"positive": 12, "negative": 2, "neutral": 0},
          "temporal": {"learned_at": "2026-05-16", "valid_from": "2026-01-01", "valid_until": "2026-12-31", "ingested_at": "2026-05-16"},
          "entities": [{"name": "Apache AGE", "type": "technology", "uri": "https://age.apache.org"}],
          "usage": {"injections": 47, "hits": 34, "misses": 13, "last_hit_at": "2026-05-15T18:22Z"},
          "episodic": {"emotional_weight": 7, "confidence": 9, "trigger_context": "post-incident", "journal_ref": "notes/2026-05-15.md#3"},
          "exchange": {"fitness_score": 0.78, "environmental_diversity": 12, "adoption_count": 47, "contradiction_rate": 0.04},
          "structured_data": {"custom_field_1": "anything", "numeric": 42, "nested": {"keys": {"are": "fine"}}},
          "polarity": "do",
          "commitment": "locked",
          "locked_at": "2026-05-25T14:32:18Z",
          "locked_reason": "Core safety rule",
          "content_hash": "sha256:abc",
          "engram_version": 3,
          "previous_version_ref": {"event_id": "evt-7c3b", "changed_at": "2026-05-12T09:14:02Z"},
          "episode_ids": ["EPS-2026-0512-014"],
          "summary": "Always validate input at API boundaries",
          "pinned": true,
          "x_future_field": {"nested": [1, 2.50, "three", null, true], "n": 1e2},
          "x_note": "unknown fields pass through"
        }
        """;

    public static JsonObject FullObject() => JsonNode.Parse(Full)!.AsObject();

    // The smallest thing one can learn: the server fills id, status and every default.
    public static object Learn(string statement, string scope = "global", string type = "behavioral", string? status = "active") =>
        status is null ? new { statement, scope, type } : new { statement, scope, type, status };
}
