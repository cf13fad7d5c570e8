/* Optional C speedup for the X12 reader's fast path (medclaims/x12/reader.py).
 *
 * split_segments(...) returns an iterator over the complete segments of an
 * ASCII buffer that the reader has already checked (see _Scanner._split_buffer):
 * every segment ends with `end`, ids are well formed. It does exactly what
 *
 *     zip(map(str.split, buf[:stop].split(end), repeat(sep)), count(index),
 *         offsets, repeat(delims))
 *
 * does there, building each segment as `cls` (a tuple subclass) or a plain
 * tuple when `cls` is None, without the intermediate piece strings. The reader
 * works the same without this module (a pure-Python build).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

typedef struct {
    PyObject_HEAD
    PyObject *buf;        /* str, ASCII (1-byte kind) */
    PyObject *delims;
    PyTypeObject *cls;    /* NULL: plain tuples */
    const Py_UCS1 *data;
    const Py_UCS1 *end;   /* the segment end, e.g. "~" or "~\r\n" */
    Py_ssize_t end_len;
    Py_ssize_t pos, stop;
    Py_ssize_t index, offset;
    Py_UCS1 sep;
    PyObject *end_obj;
} Splitter;

static void
splitter_dealloc(Splitter *self)
{
    Py_XDECREF(self->buf);
    Py_XDECREF(self->delims);
    Py_XDECREF(self->cls);
    Py_XDECREF(self->end_obj);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Where the piece starting at `pos` ends: the next occurrence of `end`. */
static Py_ssize_t
find_end(const Splitter *self, Py_ssize_t pos)
{
    const Py_UCS1 *data = self->data;
    Py_UCS1 first = self->end[0];
    while (pos < self->stop) {
        const Py_UCS1 *hit = memchr(data + pos, first, (size_t)(self->stop - pos));
        if (hit == NULL)
            return -1;
        Py_ssize_t at = hit - data;
        if (at + self->end_len <= self->stop
            && memcmp(hit, self->end, (size_t)self->end_len) == 0)
            return at;
        pos = at + 1;
    }
    return -1;
}

static PyObject *
split_elements(const Py_UCS1 *start, Py_ssize_t length, Py_UCS1 sep)
{
    Py_ssize_t count = 1;
    const Py_UCS1 *p = start, *stop = start + length;
    while ((p = memchr(p, sep, (size_t)(stop - p))) != NULL) {
        count++;
        p++;
    }
    PyObject *list = PyList_New(count);
    if (list == NULL)
        return NULL;
    p = start;
    for (Py_ssize_t i = 0; i < count; i++) {
        const Py_UCS1 *q = (i + 1 < count) ? memchr(p, sep, (size_t)(stop - p)) : stop;
        PyObject *element = PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, p, q - p);
        if (element == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, i, element);
        p = q + 1;
    }
    return list;
}

static PyObject *
splitter_next(Splitter *self)
{
    if (self->pos >= self->stop)
        return NULL;
    Py_ssize_t at = find_end(self, self->pos);
    if (at < 0) {
        PyErr_SetString(PyExc_RuntimeError, "segment end not found in a checked buffer");
        return NULL;
    }
    PyObject *elements = split_elements(self->data + self->pos, at - self->pos, self->sep);
    if (elements == NULL)
        return NULL;
    PyObject *index = PyLong_FromSsize_t(self->index);
    PyObject *offset = PyLong_FromSsize_t(self->offset);
    PyObject *seg = (self->cls == NULL) ? PyTuple_New(4)
                                        : self->cls->tp_alloc(self->cls, 4);
    if (index == NULL || offset == NULL || seg == NULL) {
        Py_DECREF(elements);
        Py_XDECREF(index);
        Py_XDECREF(offset);
        Py_XDECREF(seg);
        return NULL;
    }
    Py_INCREF(self->delims);
    PyTuple_SET_ITEM(seg, 0, elements);
    PyTuple_SET_ITEM(seg, 1, index);
    PyTuple_SET_ITEM(seg, 2, offset);
    PyTuple_SET_ITEM(seg, 3, self->delims);
    self->index++;
    self->offset += at - self->pos + self->end_len;
    self->pos = at + self->end_len;
    return seg;
}

static PyTypeObject SplitterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "medclaims.x12._speedups.Splitter",
    .tp_basicsize = sizeof(Splitter),
    .tp_dealloc = (destructor)splitter_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Iterator over the segments of a checked ASCII buffer.",
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)splitter_next,
};

static PyObject *
split_segments(PyObject *module, PyObject *args)
{
    PyObject *buf, *end, *sep, *delims, *cls;
    Py_ssize_t stop, index, offset;
    (void)module;
    if (!PyArg_ParseTuple(args, "UnUUnnOO:split_segments", &buf, &stop, &end, &sep,
                          &index, &offset, &delims, &cls))
        return NULL;
    if (!PyUnicode_IS_ASCII(buf)  /* ASCII strings are of the 1-byte kind */
        || !PyUnicode_IS_ASCII(end) || PyUnicode_GET_LENGTH(end) < 1
        || !PyUnicode_IS_ASCII(sep) || PyUnicode_GET_LENGTH(sep) != 1
        || stop < 0 || stop > PyUnicode_GET_LENGTH(buf)) {
        PyErr_SetString(PyExc_ValueError, "split_segments wants ASCII text and delimiters");
        return NULL;
    }
    if (cls != Py_None && !(PyType_Check(cls)
                            && PyType_IsSubtype((PyTypeObject *)cls, &PyTuple_Type))) {
        PyErr_SetString(PyExc_TypeError, "cls must be a tuple subclass or None");
        return NULL;
    }
    Splitter *self = PyObject_New(Splitter, &SplitterType);
    if (self == NULL)
        return NULL;
    Py_INCREF(buf);
    Py_INCREF(end);
    Py_INCREF(delims);
    self->buf = buf;
    self->end_obj = end;
    self->delims = delims;
    self->cls = NULL;
    if (cls != Py_None) {
        Py_INCREF(cls);
        self->cls = (PyTypeObject *)cls;
    }
    self->data = PyUnicode_1BYTE_DATA(buf);
    self->end = PyUnicode_1BYTE_DATA(end);
    self->end_len = PyUnicode_GET_LENGTH(end);
    self->sep = PyUnicode_1BYTE_DATA(sep)[0];
    self->pos = 0;
    self->stop = stop;
    self->index = index;
    self->offset = offset;
    return (PyObject *)self;
}

static PyMethodDef methods[] = {
    {"split_segments", split_segments, METH_VARARGS,
     "split_segments(buf, stop, end, sep, index, offset, delims, cls)\n--\n\n"
     "Iterator over the segments of buf[:stop], each ending with end."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "medclaims.x12._speedups",
    .m_doc = "Optional C speedup of the X12 reader's fast path.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    if (PyType_Ready(&SplitterType) < 0)
        return NULL;
    /* The CPython this was compiled for: the Python side loads it only on that version. */
    PyObject *m = PyModule_Create(&module);
    if (m != NULL && PyModule_AddIntConstant(m, "BUILT_FOR", PY_VERSION_HEX) < 0)
        Py_CLEAR(m);
    return m;
}
