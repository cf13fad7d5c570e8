/* Optional C speedup: frozen records the parsers build are left out of the
 * garbage collector's lists (medclaims/_support/records.py).
 *
 * The cyclic garbage collector only needs to watch objects that can take part
 * in a reference cycle. A frozen record built bottom-up from strings, Decimals,
 * dates, tuples and other such records cannot: nothing it refers to can ever
 * be made to refer back to it. CPython itself stops watching tuples and dicts
 * that hold only such atoms, but never a tuple that holds an instance of a
 * Python class, so half a million parsed records are traversed again by every
 * full collection while a file is read, and afterwards in the caller's program.
 *
 * untrack_record(obj) stops watching obj and the tuples held in its slots, and
 * returns obj. Reference counting still frees everything as usual; only the
 * cycle search skips these objects. Callers use it on records they built
 * themselves, once their fields are set (children before parents). A tuple is
 * left out only when all it holds is settled: atoms, or tuples and records
 * already left out (CPython's own rule for tuples, which counts any other
 * container as one that may yet be watched); a tuple holding a list, say,
 * stays watched.
 *
 * Only objects whose deallocation copes with being untracked are touched:
 * exact tuples and instances of classes written in Python (CPython's own
 * subtype_dealloc; its address is taken from a class made at import). Some
 * built-in types (mappingproxy, for one) unlink themselves from the
 * collector's list unconditionally when freed, and would crash if untracked.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

/* tp_dealloc of classes written in Python (subtype_dealloc). */
static destructor python_class_dealloc;

static int untrack_tuple(PyObject *tuple, int depth);

/* Whether obj can never lead back to a tuple holding it: an atom (not a container
   for the collector), or a tuple or record the collector no longer watches. Tuples
   of tuples (a kept segment's elements) are settled first, a few levels deep. */
static int
settled(PyObject *obj, int depth)
{
    if (!PyObject_IS_GC(obj))
        return 1;
    if (PyTuple_CheckExact(obj))
        return untrack_tuple(obj, depth + 1);
    return !PyObject_GC_IsTracked(obj) && Py_TYPE(obj)->tp_dealloc == python_class_dealloc;
}

/* Leave out `tuple` when all it holds is settled; whether it is left out. */
static int
untrack_tuple(PyObject *tuple, int depth)
{
    if (!PyObject_GC_IsTracked(tuple))
        return 1;
    if (depth > 4)
        return 0;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(tuple); i++) {
        if (!settled(PyTuple_GET_ITEM(tuple, i), depth))
            return 0;
    }
    PyObject_GC_UnTrack(tuple);
    return 1;
}

static PyObject *
untrack_record(PyObject *module, PyObject *obj)
{
    (void)module;
    if (Py_TYPE(obj)->tp_dealloc != python_class_dealloc)
        return Py_NewRef(obj);
    PyObject_GC_UnTrack(obj);  /* a no-op when it is not tracked */
    for (PyTypeObject *type = Py_TYPE(obj); type != NULL; type = type->tp_base) {
        if (!(type->tp_flags & Py_TPFLAGS_HEAPTYPE) || type->tp_members == NULL)
            continue;
        for (PyMemberDef *member = type->tp_members; member->name != NULL; member++) {
            if (member->type != T_OBJECT_EX && member->type != T_OBJECT)
                continue;
            PyObject *value = *(PyObject **)((char *)obj + member->offset);
            if (value != NULL && PyTuple_CheckExact(value))
                untrack_tuple(value, 0);
        }
    }
    return Py_NewRef(obj);
}

static PyMethodDef methods[] = {
    {"untrack_record", untrack_record, METH_O,
     "untrack_record(obj, /)\n--\n\n"
     "Leave obj (an instance of a class written in Python) and the tuples in its\n"
     "slots out of the cyclic garbage collector; return obj. Only for frozen records\n"
     "that cannot be part of a reference cycle. Other objects are returned as is."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "medclaims._support._acyclic",
    .m_doc = "Optional C speedup: parsed records left out of the cyclic garbage collector.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__acyclic(void)
{
    PyObject *probe = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "_Probe",
                                            (PyObject *)&PyBaseObject_Type);
    if (probe == NULL)
        return NULL;
    python_class_dealloc = ((PyTypeObject *)probe)->tp_dealloc;
    Py_DECREF(probe);
    /* The CPython this was compiled for: the Python side loads it only on that version. */
    PyObject *m = PyModule_Create(&module);
    if (m != NULL && PyModule_AddIntConstant(m, "BUILT_FOR", PY_VERSION_HEX) < 0)
        Py_CLEAR(m);
    return m;
}
