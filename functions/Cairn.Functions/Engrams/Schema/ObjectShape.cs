using System.Text.Json.Nodes;

namespace Cairn.Engrams.Schema;

// A named field of an object: its shape, whether it must be there, whether null is allowed, and its default.
public sealed record Field(string Name, Shape Shape, bool Required = false, bool Nullable = false, Func<JsonNode?>? Default = null)
{
    public bool HasDefault => Default is not null;
}

// A cross-field rule: returns the error (relative path and rule) or null when the object satisfies it.
public delegate (string Path, string Rule)? Refinement(JsonObject value);

// An object with known fields. Unknown fields are not an error and are never touched (the schema is passthrough);
// defaults are appended after the fields the caller sent, so what they sent keeps its order.
public sealed class ObjectShape(IReadOnlyList<Field> fields, params Refinement[] refinements) : Shape
{
    public IReadOnlyList<Field> Fields { get; } = fields;

    public override string Expected => "an object";

    public Field? Find(string name) => Fields.FirstOrDefault(f => f.Name == name);

    public override void Check(JsonNode value, string path, SchemaErrors errors)
    {
        if (value is not JsonObject obj)
        {
            errors.Add(path, "must be an object.");
            return;
        }
        foreach (var field in Fields)
        {
            var fieldPath = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            if (!obj.TryGetPropertyValue(field.Name, out var node))
            {
                if (field.Required)
                {
                    errors.Add(fieldPath, "is required.");
                }
                continue;
            }
            if (node is null)
            {
                if (!field.Nullable)
                {
                    errors.Add(fieldPath, field.Required ? "is required." : $"must be {field.Shape.Expected}, not null.");
                }
                continue;
            }
            field.Shape.Check(node, fieldPath, errors);
        }
        foreach (var refinement in refinements)
        {
            if (refinement(obj) is { } error)
            {
                errors.Add(path.Length == 0 ? error.Path : error.Path.Length == 0 ? path : $"{path}.{error.Path}", error.Rule);
            }
        }
    }

    public override void ApplyDefaults(JsonNode value)
    {
        var obj = value.AsObject();
        foreach (var field in Fields)
        {
            if (!obj.TryGetPropertyValue(field.Name, out var node))
            {
                if (field.Default is not null)
                {
                    var filled = field.Default();
                    obj[field.Name] = filled;
                    if (filled is not null)
                    {
                        field.Shape.ApplyDefaults(filled);
                    }
                }
            }
            else if (node is not null)
            {
                field.Shape.ApplyDefaults(node);
            }
        }
    }
}
