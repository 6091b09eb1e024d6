using System.Reflection;
using Cairn.Serialization;
using Cairn.Storage;
using Cairn.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Cairn.Tests.Architecture;

// Document fields are named once, in a nested Fields class of the type that stores them (or in DocumentFields for the
// names every document shares), and queries use those names: a filter cannot name a field its document never writes.
[Trait(StoragePass.Trait, StoragePass.None)]
public sealed class DocumentFieldNameTests
{
    private static readonly string[] FilterFactories = [nameof(Filter.Eq), nameof(Filter.In), nameof(Filter.Contains), nameof(Filter.Compare)];

    [Fact]
    public void EveryFieldNameConstantIsANameItsDocumentTypeSerialises()
    {
        var constants = FieldConstants().ToList();
        var wrong = constants
            .Where(c => !CairnJson.Options.GetTypeInfo(c.Document).Properties.Any(p => p.Name == c.Value))
            .Select(c => $"{c.Document.Name}.Fields.{c.Name} = \"{c.Value}\"")
            .ToList();

        Assert.True(constants.Count >= 40, $"Only {constants.Count} field-name constants found: is the Fields convention still in use?");
        Assert.True(wrong.Count == 0, $"Not serialised by their document type: {string.Join("; ", wrong)}");
    }

    [Fact]
    public void EveryStorageQueryNamesItsFieldsByTheirConstants()
    {
        var (project, trees, compilation) = AppSource.Compile();
        var checkedNames = 0;
        var wrong = new List<string>();
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var (field, container) in FieldArguments(tree, model))
            {
                checkedNames++;
                var where = $"{Path.GetRelativePath(project, tree.FilePath)}:{field.GetLocation().GetLineSpan().StartLinePosition.Line + 1} {field}";
                if (Problem(field, container, model) is { } problem)
                {
                    wrong.Add($"{where}: {problem}");
                }
            }
        }

        Assert.True(checkedNames >= 80, $"Only {checkedNames} query field names found: the scan no longer sees the queries.");
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    private static IEnumerable<(Type Document, string Name, string Value)> FieldConstants() =>
        typeof(DocumentQuery).Assembly.GetTypes()
            .Where(t => t is { Name: "Fields", IsAbstract: true, IsSealed: true, DeclaringType: not null })
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string))
                .Select(f => (t.DeclaringType!, f.Name, (string)f.GetRawConstantValue()!)));

    // The field argument of every Filter factory call and every OrderBy initialiser, with the query's container when known.
    private static IEnumerable<(ExpressionSyntax Field, string? Container)> FieldArguments(SyntaxTree tree, SemanticModel model)
    {
        foreach (var node in tree.GetRoot().DescendantNodes())
        {
            if (node is InvocationExpressionSyntax { ArgumentList.Arguments: [var first, ..] } call
                && model.GetSymbolInfo(call).Symbol is IMethodSymbol { ContainingType.Name: nameof(Filter) } method
                && FilterFactories.Contains(method.Name))
            {
                yield return (first.Expression, null);
            }
            else if (node is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.Text: nameof(DocumentQuery.OrderBy) }, Parent: InitializerExpressionSyntax init } assignment
                && model.GetConstantValue(assignment.Right) is not { HasValue: true, Value: null })
            {
                var container = init.Parent is ObjectCreationExpressionSyntax { ArgumentList.Arguments: [var name] } ? model.GetConstantValue(name.Expression) : default;
                yield return (assignment.Right, container.HasValue ? container.Value as string : null);
            }
        }
    }

    private static string? Problem(ExpressionSyntax field, string? container, SemanticModel model)
    {
        var constant = model.GetConstantValue(field);
        if (!constant.HasValue)
        {
            return null; // A parameter or variable: its caller passes one of the constants.
        }
        if (model.GetSymbolInfo(field).Symbol is not IFieldSymbol { ContainingType.Name: "Fields" or nameof(DocumentFields) })
        {
            return "name the field by its document type's Fields constant";
        }
        if (container is not null && field.Parent is AssignmentExpressionSyntax
            && Containers.All.Single(c => c.Name == container) is var definition && !definition.SortFields.Contains((string)constant.Value!))
        {
            return $"Containers.All declares no sort index on it for {container} (Cosmos DB needs one)";
        }
        return null;
    }
}
