using System.Text.Json;

namespace Cairn.Serialization;

/// <summary>The wire format: snake_case everywhere, as in the reference documents.</summary>
public static class CairnJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        // "5" is not a number: mistyped fields must be rejected, not coerced.
        options.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        // Requests may nest 32 levels (TextRules.MaxDepth), checked before this reader runs; documents stored before that
        // limit hold up to 64 inside their own levels and must still read and answer (64, the default, failed them with 500).
        options.MaxDepth = 128;
        options.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never;
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        return options;
    }
}
