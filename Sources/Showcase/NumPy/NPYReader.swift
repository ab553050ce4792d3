import Foundation

/// Reads NumPy's `.npy` format (versions 1.0, 2.0 and 3.0): the magic `\x93NUMPY`, a
/// version, a header length (2 bytes in 1.0, 4 bytes after), a Python dict literal
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }` and the raw elements.
///
/// Supported dtypes: little-endian (or byte-order-free) float32/64, signed and unsigned
/// integers of 1–8 bytes and bool. Fortran-ordered, big-endian, string and object
/// arrays are refused with a message saying how to re-save them.
public enum NPYReader {
    /// Reads the `.npy` file at `url`.
    ///
    /// - Throws: `NumPyError`, naming the file.
    public static func read(contentsOf url: URL) throws -> NumPyArray {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url)
        } catch {
            throw NumPyError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        return try parse(bytes, file: url.path)
    }

    /// Parses the bytes of a `.npy` file; `file` names it in error messages.
    ///
    /// - Throws: `NumPyError.malformed` or `.unsupported`.
    public static func parse(_ bytes: Data, file: String) throws -> NumPyArray {
        let bytes = Data(bytes)  // re-base indices at 0
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        guard bytes.count >= 10, Array(bytes.prefix(6)) == magic else {
            throw NumPyError.malformed(
                file: file,
                reason: "it does not start with the .npy "
                    + "magic \\x93NUMPY")
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else {
                throw NumPyError.malformed(file: file, reason: "truncated header")
            }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            headerStart = 12
        default:
            throw NumPyError.unsupported(
                file: file,
                reason: "format version \(major).\(bytes[7]) "
                    + "(this reader knows 1.0, 2.0 and 3.0)")
        }
        guard bytes.count >= headerStart + headerLength else {
            throw NumPyError.malformed(
                file: file,
                reason: "the header says it is \(headerLength) "
                    + "bytes long but the file ends before that (truncated?)")
        }
        let headerBytes = bytes[headerStart..<(headerStart + headerLength)]
        guard let header = String(data: headerBytes, encoding: major == 3 ? .utf8 : .isoLatin1)
        else {
            throw NumPyError.malformed(file: file, reason: "the header is not text")
        }
        let (dtype, fortran, shape) = try parseHeader(header, file: file)
        if fortran && shape.count > 1 {
            throw NumPyError.unsupported(
                file: file,
                reason: "fortran_order is True; save a "
                    + "C-ordered copy with np.save(path, np.ascontiguousarray(a))")
        }
        let needed = try byteCount(of: shape, dtype: dtype, file: file)
        let dataStart = headerStart + headerLength
        guard bytes.count - dataStart >= needed else {
            throw NumPyError.malformed(
                file: file,
                reason: "the shape \(shapeText(shape)) needs "
                    + "\(needed) bytes of data but only \(bytes.count - dataStart) follow the header "
                    + "(truncated file?)")
        }
        return NumPyArray(
            dtype: dtype, shape: shape,
            data: bytes.subdata(in: dataStart..<(dataStart + needed)))
    }

    /// Parses the header dict: `descr`, `fortran_order`, `shape`.
    static func parseHeader(
        _ header: String, file: String
    ) throws
        -> (NumPyDType, Bool, [Int])
    {
        func value(of key: String) throws -> Substring {
            guard let keyRange = header.range(of: "'\(key)'") ?? header.range(of: "\"\(key)\""),
                let colon = header[keyRange.upperBound...].firstIndex(of: ":")
            else {
                throw NumPyError.malformed(
                    file: file,
                    reason: "the header has no '\(key)' entry: "
                        + header.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            return header[header.index(after: colon)...].drop(while: { $0 == " " })
        }
        let descrValue = try value(of: "descr")
        guard let quote = descrValue.first, quote == "'" || quote == "\"",
            let end = descrValue.dropFirst().firstIndex(of: quote)
        else {
            throw NumPyError.unsupported(
                file: file,
                reason: "a structured dtype (only plain "
                    + "numeric arrays are supported)")
        }
        let descr = String(descrValue[descrValue.index(after: descrValue.startIndex)..<end])
        guard let order = descr.first, "<>|=".contains(order),
            let dtype = NumPyDType(rawValue: String(descr.dropFirst()))
        else {
            throw NumPyError.unsupported(
                file: file,
                reason: "dtype '\(descr)' (supported: "
                    + "float32, float64, int8–64, uint8–64, bool; strings and objects are not)")
        }
        if order == ">" && dtype.byteCount > 1 {
            throw NumPyError.unsupported(
                file: file,
                reason: "big-endian dtype '\(descr)'; "
                    + "re-save with a.astype(a.dtype.newbyteorder('<'))")
        }
        let fortranValue = try value(of: "fortran_order")
        let fortran: Bool
        if fortranValue.hasPrefix("True") {
            fortran = true
        } else if fortranValue.hasPrefix("False") {
            fortran = false
        } else {
            throw NumPyError.malformed(
                file: file, reason: "fortran_order is neither True nor False")
        }
        let shapeValue = try value(of: "shape")
        guard shapeValue.first == "(", let close = shapeValue.firstIndex(of: ")") else {
            throw NumPyError.malformed(file: file, reason: "shape is not a tuple")
        }
        let inner = shapeValue[shapeValue.index(after: shapeValue.startIndex)..<close]
        var shape: [Int] = []
        for part in inner.split(separator: ",") {
            let text = part.trimmingCharacters(in: .whitespaces).replacingOccurrences(
                of: "L", with: "")
            if text.isEmpty { continue }
            guard let dim = Int(text), dim >= 0 else {
                throw NumPyError.malformed(
                    file: file,
                    reason: "shape entry '\(text)' is not a "
                        + "non-negative integer")
            }
            shape.append(dim)
        }
        return (dtype, fortran, shape)
    }

    /// The bytes an array of `shape` and `dtype` takes; throws when that number overflows
    /// (a header can claim any shape, and the product of its sizes must not trap).
    static func byteCount(of shape: [Int], dtype: NumPyDType, file: String) throws -> Int {
        var total = dtype.byteCount
        for size in shape {
            let (product, overflow) = total.multipliedReportingOverflow(by: size)
            guard !overflow else {
                throw NumPyError.malformed(
                    file: file,
                    reason: "the shape \(shapeText(shape)) "
                        + "of \(dtype.byteCount)-byte elements is larger than any file can be")
            }
            total = product
        }
        return total
    }

    static func shapeText(_ shape: [Int]) -> String {
        shape.count == 1
            ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
