"""Runs the Python twins of the DAO layer (src/dao/python/*.py) with the real
mysql-connector-python 8.4.0 and checks that they behave as the Rust DAO is tested to
behave (tests/dao.rs): the code a student reads beside each call must be code that runs.

Run from a folder whose connector.cnf names an empty database (dao_twins.sh does this).
"""
import sys

sys.path.insert(0, sys.argv[1])

from mysql.connector import errors, pooling  # noqa: E402

from article_dao import ArticleDAO  # noqa: E402
from school_dao import SchoolDAO  # noqa: E402
from user_dao import UserDAO  # noqa: E402
from user_dto import UserDTO  # noqa: E402

cnxpool = pooling.MySQLConnectionPool(pool_name="twins", pool_size=2,
                                      option_files="connector.cnf", use_pure=True)
user_dao = UserDAO(cnxpool)
user_map = {}
try:
    user_dao.get_users(user_map)
    raise SystemExit("get_users worked without a table")
except errors.ProgrammingError as err:
    assert err.errno == 1146, err
user_dao.create_table()
user_dao.add_user(UserDTO(1, "John Doe"), user_map)
user_dao.add_user(UserDTO(2, "Jane Smith"), user_map)
assert [str(u) for u in user_dao.get_users({})] == ["1 John Doe", "2 Jane Smith"]
try:
    user_dao.add_user(UserDTO(1, "Someone Else"), user_map)
    raise SystemExit("duplicate id accepted")
except errors.IntegrityError as err:
    assert err.errno == 1062, err
assert user_map[1].name == "John Doe"
assert user_dao.update_user(UserDTO(1, "John Doe Jr."), user_map) == 1
assert user_dao.update_user(UserDTO(1, "John Doe Jr."), user_map) == 0
assert user_map[1].name == "John Doe Jr."
assert user_dao.update_user(UserDTO(9, "ghost"), user_map) == 0 and 9 not in user_map
fresh = {}
a = user_dao.get_user(1, fresh)
assert a is user_dao.get_user(1, fresh)
assert user_dao.get_users(fresh)[0] is a
assert user_dao.find_users_by_name("Jane%", fresh)[0] is user_dao.get_users(fresh)[1]
assert user_dao.delete_user(2, user_map) == 1 and 2 not in user_map
assert user_dao.delete_user(2, user_map) == 0
assert user_dao.get_user(2, {}) is None
held = [cnxpool.get_connection() for _ in range(2)]
try:
    user_dao.get_users({})
    raise SystemExit("borrowed from an exhausted pool")
except errors.PoolError as err:
    assert str(err) == "Failed getting connection; pool exhausted", err
for cnx in held:
    cnx.close()

school_dao = SchoolDAO(cnxpool)
school_dao.create_tables()
cities, students = {}, {}
from school_dao import City, Student  # noqa: E402
torino = school_dao.add_city(City(10, "Torino"), cities)
milano = school_dao.add_city(City(20, "Milano"), cities)
school_dao.add_student(Student(1, "Ann", torino), students)
school_dao.add_student(Student(2, "Bob", milano), students)
school_dao.add_student(Student(3, "Cleo", torino), students)
cities, students = {}, {}
loaded = school_dao.get_students(cities, students)
assert [f"{s} lives in {s.city_of_residence}" for s in loaded] == [
    "1 Ann lives in 10 Torino", "2 Bob lives in 20 Milano", "3 Cleo lives in 10 Torino"]
assert loaded[0].city_of_residence is loaded[2].city_of_residence
listed = school_dao.get_cities(cities)
assert listed[0] is loaded[0].city_of_residence
assert [str(s) for s in listed[0].get_students()] == ["1 Ann", "3 Cleo"]

article_dao = ArticleDAO(cnxpool)
article_dao.create_tables()
from article_dao import Article, Creator  # noqa: E402
articles, creators = {}, {}
a1 = article_dao.add_article(Article(1, "Patterns of Enterprise Application Architecture"), articles)
a2 = article_dao.add_article(Article(2, "Refactoring"), articles)
fowler = article_dao.add_creator(Creator(7, "Martin Fowler"), creators)
rice = article_dao.add_creator(Creator(8, "David Rice"), creators)
article_dao.add_authorship(a1, fowler)
article_dao.add_authorship(a1, rice)
article_dao.add_authorship(a2, fowler)
articles, creators = {}, {}
listed = article_dao.list_articles(articles)
first = article_dao.get_creators_for(listed[0], creators)
second = article_dao.get_creators_for(listed[1], creators)
assert [str(c) for c in first] == ["7 Martin Fowler", "8 David Rice"]
assert first[0] is second[0]
assert [str(a) for a in first[0].get_articles()] == [
    "1 Patterns of Enterprise Application Architecture", "2 Refactoring"]
assert article_dao.get_creator(7, creators) is first[0]
assert str(article_dao.get_creator(8, {})) == "8 David Rice"
unmapped = [article_dao.get_creators_for(a, {}) for a in article_dao.list_articles({})]
assert unmapped[0][0] == unmapped[1][0] and unmapped[0][0] is not unmapped[1][0]
print("python twins: all checks passed")
