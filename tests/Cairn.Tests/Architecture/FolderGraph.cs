using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Cairn.Tests.Architecture;

/// <summary>
/// Which top-level source folder uses which, from the compiler's own name binding (a using directive alone does not
/// count; a constant, which the compiled assembly no longer references, does). Namespaces follow folders.
/// </summary>
public sealed class FolderGraph
{
    private FolderGraph(SortedDictionary<string, SortedSet<string>> edges, Dictionary<(string, string), string> evidence)
    {
        Edges = edges;
        _evidence = evidence;
    }

    private readonly Dictionary<(string From, string To), string> _evidence;

    /// <summary>Folder → the folders its code names; Program.cs, the composition root, is left out.</summary>
    public SortedDictionary<string, SortedSet<string>> Edges { get; }

    public static FolderGraph Build()
    {
        var (project, trees, compilation) = AppSource.Compile();
        var edges = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var evidence = new Dictionary<(string, string), string>();
        foreach (var tree in trees)
        {
            var relative = Path.GetRelativePath(project, tree.FilePath).Split(Path.DirectorySeparatorChar);
            if (relative.Length < 2)
            {
                continue;
            }
            var from = relative[0];
            var uses = edges.TryGetValue(from, out var set) ? set : edges[from] = new SortedSet<string>(StringComparer.Ordinal);
            var model = compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>().Where(n => n.FirstAncestorOrSelf<UsingDirectiveSyntax>() is null))
            {
                var info = model.GetSymbolInfo(name);
                if (Folder(info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) is { } to && to != from)
                {
                    uses.Add(to);
                    evidence.TryAdd((from, to), $"{string.Join('/', relative)}:{name.GetLocation().GetLineSpan().StartLinePosition.Line + 1} {name.Identifier.Text}");
                }
            }
        }
        return new FolderGraph(edges, evidence);
    }

    /// <summary>Groups of folders that reach each other (strongly connected components larger than one).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        // Tarjan's algorithm, written here because no package the build may use offers graph components.
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<IReadOnlyList<string>>();
        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in Edges.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }
            if (low[node] == index[node])
            {
                var component = new List<string>();
                string popped;
                do
                {
                    popped = stack.Pop();
                    onStack.Remove(popped);
                    component.Add(popped);
                }
                while (popped != node);
                if (component.Count > 1)
                {
                    components.Add(component.Order(StringComparer.Ordinal).ToList());
                }
            }
        }
        foreach (var node in Edges.Keys)
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }
        return components;
    }

    /// <summary>Where one edge comes from (the first name found), so a cycle's message says what to move.</summary>
    public string Why(string from, string to) => _evidence.GetValueOrDefault((from, to), "");

    /// <summary>Every edge inside a cycle, each with its first cause.</summary>
    public IEnumerable<string> CycleEdges() =>
        Cycles().SelectMany(c => c.SelectMany(from => Edges[from].Where(c.Contains).Select(to => $"{from} -> {to} ({Why(from, to)})")));

    public override string ToString() =>
        string.Join('\n', Edges.Select(e => $"{e.Key} -> {string.Join(' ', e.Value)}"));

    private static string? Folder(ISymbol? symbol)
    {
        var type = symbol switch
        {
            null or INamespaceSymbol => null,
            IMethodSymbol { ReducedFrom: { } extension } => extension.ContainingType,
            ITypeSymbol t => t,
            _ => symbol.ContainingType,
        };
        while (type is IArrayTypeSymbol array)
        {
            type = array.ElementType;
        }
        var ns = type?.OriginalDefinition.ContainingNamespace?.ToDisplayString();
        return ns?.Split('.') is ["Cairn", var folder, ..] ? folder : null;
    }
}
