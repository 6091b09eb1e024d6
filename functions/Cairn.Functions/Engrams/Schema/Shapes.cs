using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Cairn.Engrams.Schema;

// What one JSON value must look like. Shapes check a value and fill in defaults, but never remove anything: keys a
// shape does not name pass through untouched, so unknown fields survive exactly.
public abstract class Shape
{
    // "a string", "an integer": how a type error reads.
    public abstract string Expected { get; }

    // Checks a non-null value found at path, adding "path: rule" errors.
    public abstract void Check(JsonNode value, string path, SchemaErrors errors);

    // Fills the defaults of nested fields into a value that passed Check.
    public virtual void ApplyDefaults(JsonNode value)
    {
    }

    protected static bool IsKind(JsonNode value, JsonValueKind kind) => value.GetValueKind() == kind;
}

// Errors keyed by field path (associations[0].strength), each a rule the caller can act on.
public sealed class SchemaErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string path, string rule)
    {
        if (!_errors.TryGetValue(path, out var list))
        {
            _errors[path] = list = [];
        }
        list.Add(rule);
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}

public sealed class StringShape(int min = 0, int? max = null, Regex? pattern = null, string? patternRule = null, Func<string, bool>? format = null, string? formatRule = null) : Shape
{
    public override string Expected => "a string";

    public override void Check(JsonNode value, string path, SchemaErrors errors)
    {
        if (!IsKind(value, JsonValueKind.String))
        {
            errors.Add(path, "must be a string.");
            return;
        }
        var text = value.GetValue<string>();
        if (text.Length < min)
        {
            errors.Add(path, min == 1 ? "must not be empty." : $"must be at least {min} characters.");
        }
        if (max is { } limit && text.Length > limit)
        {
            errors.Add(path, $"must be at most {limit} characters.");
        }
        if (pattern is not null && !pattern.IsMatch(text))
        {
            errors.Add(path, patternRule ?? $"must match {pattern}.");
        }
        if (format is not null && text.Length > 0 && !format(text))
        {
            errors.Add(path, formatRule ?? "has the wrong format.");
        }
    }
}

public sealed class EnumShape(params string[] values) : Shape
{
    public IReadOnlyList<string> Values { get; } = values;

    public override string Expected => "a string";

    public override void Check(JsonNode value, string path, SchemaErrors errors)
    {
        if (!IsKind(value, JsonValueKind.String) || !Values.Contains(value.GetValue<string>(), StringComparer.Ordinal))
        {
            errors.Add(path, $"must be one of: {string.Join(", ", Values)}.");
        }
    }
}

public sealed class NumberShape(double? min = null, double? max = null, bool integer = false) : Shape
{
    public override string Expected => integer ? "an integer" : "a number";

    public override void Check(JsonNode value, string path, SchemaErrors errors)
    {
        if (!JsonNumbers.TryGet(value, out var number) || !double.IsFinite(number))
        {
            errors.Add(path, $"must be {Expected}.");
            return;
        }
        if (integer && Math.Floor(number) != number)
        {
            errors.Add(path, "must be an integer.");
            return;
        }
        var tooLow = min is { } low && number < low;
        var tooHigh = max is { } high && number > high;
        if (tooLow || tooHigh)
        {
            errors.Add(path, (min, max) switch
            {
                ({ } l, { } h) => $"must be between {l} and {h}.",
                ({ } l, null) => $"must be at least {l}.",
                (null, { } h) => $"must be at most {h}.",
                _ => "is out of range.",
            });
        }
    }
}

public sealed class BoolShape : Shape
{
    public override string Expected => "true or false";

    public override void Check(JsonNode value, string path, SchemaErrors errors)
    {
        if (!IsKind(value, JsonValueKind.True) && !IsKind(value, JsonValueKind.False))
        {
            errors.Add(path, "must be true or false.");
        }
    }
}

public sealed class ArrayShape(Shape item) : Shape
{
    public Shape Item { get; } = item;

    public override string Expected => "an array";

    public override void Check(JsonNode value, string path, SchemaErrors errors)
    {
        if (value is not JsonArray array)
        {
            errors.Add(path, "must be an array.");
            return;
        }
        for (var i = 0; i < array.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            if (array[i] is null)
            {
                errors.Add(itemPath, $"must be {Item.Expected}, not null.");
            }
            else
            {
                Item.Check(array[i]!, itemPath, errors);
            }
        }
    }

    public override void ApplyDefaults(JsonNode value)
    {
        foreach (var element in value.AsArray().OfType<JsonNode>())
        {
            Item.ApplyDefaults(element);
        }
    }
}

// Any JSON object, kept as it is (structured_data).
public sealed class AnyObjectShape : Shape
{
    public override string Expected => "an object";

    public override void Check(JsonNode value, string path, SchemaErrors errors)
    {
        if (value is not JsonObject)
        {
            errors.Add(path, "must be an object.");
        }
    }
}
