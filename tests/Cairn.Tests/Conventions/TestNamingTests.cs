using System.Reflection;

namespace Cairn.Tests.Conventions;

[Trait("Storage", "None")]
public sealed class TestNamingTests
{
    [Fact]
    public void EveryTestMethodIsNamedAsAPascalCaseSentence()
    {
        var offenders = TestMethods()
            .Where(method => method.Name.Contains('_') || !char.IsUpper(method.Name[0]))
            .Select(method => $"{method.DeclaringType!.Name}.{method.Name}")
            .ToList();

        Assert.True(offenders.Count == 0, $"Test names are PascalCase sentences (EngramsOutsideTheirValidTimeAreNotRecalled), not snake_case: {string.Join(", ", offenders)}");
    }

    [Fact]
    public void TheCheckSeesTheTestMethodsOfTheAssembly()
    {
        Assert.Contains(TestMethods(), method => method.Name == nameof(EveryTestMethodIsNamedAsAPascalCaseSentence));
        Assert.True(TestMethods().Count() > 500);
    }

    internal static IEnumerable<MethodInfo> TestMethods() =>
        typeof(TestNamingTests).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(method => method.GetCustomAttribute<FactAttribute>() is not null);
}
