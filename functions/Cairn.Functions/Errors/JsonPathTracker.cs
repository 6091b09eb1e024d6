using System.Text;

namespace Cairn.Errors;

// Follows a forward-only JSON read and names where it is, as error messages name fields: entries[2].content.
internal sealed class JsonPathTracker
{
    private readonly List<Frame> _frames = [];

    // A value (scalar or container) starts here: inside an array it is the next element.
    public void Value()
    {
        if (_frames.Count > 0 && _frames[^1].IsArray)
        {
            _frames[^1] = _frames[^1] with { Index = _frames[^1].Index + 1 };
        }
    }

    public void Enter(bool isArray)
    {
        Value();
        _frames.Add(new Frame(isArray, -1, null));
    }

    public void Leave()
    {
        if (_frames.Count > 0)
        {
            _frames.RemoveAt(_frames.Count - 1);
        }
    }

    public void Property(string name) => _frames[^1] = _frames[^1] with { Name = name };

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var frame in _frames)
        {
            if (frame.IsArray && frame.Index >= 0)
            {
                text.Append('[').Append(frame.Index).Append(']');
            }
            else if (!frame.IsArray && frame.Name is not null)
            {
                text.Append(text.Length > 0 ? "." : "").Append(frame.Name);
            }
        }
        return text.Length > 0 ? text.ToString() : "body";
    }

    private readonly record struct Frame(bool IsArray, int Index, string? Name);
}
