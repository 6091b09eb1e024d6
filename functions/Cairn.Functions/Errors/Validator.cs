using System.Text.RegularExpressions;

namespace Cairn.Errors;

// Collects field errors under their wire (snake_case) names, then throws one 422 with all of them. Hand-written because
// the framework's validation reports CLR property names, not the JSON names callers send.
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public Validator Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
        return this;
    }

    public Validator Required(string field, object? value)
    {
        if (value is null || (value is string s && string.IsNullOrWhiteSpace(s)))
        {
            Add(field, "is required.");
        }
        return this;
    }

    public Validator Length(string field, string? value, int min, int max)
    {
        if (value is not null && (value.Length < min || value.Length > max))
        {
            Add(field, min == 0 ? $"must be at most {max} characters." : $"must be between {min} and {max} characters.");
        }
        return this;
    }

    public Validator Matches(string field, string? value, Regex pattern, string rule)
    {
        if (value is not null && !pattern.IsMatch(value))
        {
            Add(field, rule);
        }
        return this;
    }

    // A name, topic, title, tag or other identifier-like field: one line of visible text (LabelText).
    public Validator Label(string field, string? value)
    {
        if (value is not null && !LabelText.IsClean(value))
        {
            Add(field, LabelText.Rule);
        }
        return this;
    }

    public Validator Range(string field, double? value, double min, double max)
    {
        if (value is { } v && (double.IsNaN(v) || v < min || v > max))
        {
            Add(field, $"must be between {min} and {max}.");
        }
        return this;
    }

    public Validator OneOf(string field, string? value, IReadOnlyCollection<string> allowed)
    {
        if (value is not null && !allowed.Contains(value))
        {
            Add(field, $"must be one of: {string.Join(", ", allowed)}.");
        }
        return this;
    }

    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new ValidationFailedException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
