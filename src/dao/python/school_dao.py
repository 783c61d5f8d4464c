# school_dao.py: a 1:N relationship as the slides map it. A student lives in one city
# (an attribute holding the City object), a city has many students (a list of Student
# objects). One identity map per table: city_map and student_map, dicts by primary key.
from dataclasses import dataclass, field


@dataclass(eq=False)
class City:
    city_id: int
    city_name: str
    students: list = field(default_factory=list)

    def get_students(self):
        return list(self.students)

    def add_student(self, student):
        if student not in self.students:
            self.students.append(student)

    def __str__(self):
        return f'{self.city_id} {self.city_name}'

    def __eq__(self, other):
        return isinstance(other, City) and self.city_id == other.city_id

    def __hash__(self):
        return hash(self.city_id)


@dataclass(eq=False)
class Student:
    student_id: int
    name: str
    city_of_residence: City

    def __str__(self):
        return f'{self.student_id} {self.name}'

    def __eq__(self, other):
        return isinstance(other, Student) and self.student_id == other.student_id

    def __hash__(self):
        return hash(self.student_id)


class SchoolDAO:
    def __init__(self, cnxpool):
        self.cnxpool = cnxpool

    def create_tables(self):
        with self.cnxpool.get_connection() as cnx:
            cursor = cnx.cursor()
            for query in ("""CREATE TABLE IF NOT EXISTS city (city_id INT PRIMARY KEY, city_name VARCHAR(64) NOT NULL) DEFAULT CHARSET=utf8mb4""",
                          """CREATE TABLE IF NOT EXISTS student (student_id INT PRIMARY KEY, name VARCHAR(64) NOT NULL, fk_city_of_residence INT NOT NULL, FOREIGN KEY (fk_city_of_residence) REFERENCES city (city_id)) DEFAULT CHARSET=utf8mb4"""):
                cursor.execute(query)
            cursor.close()

    def add_city(self, city, city_map):
        with self.cnxpool.get_connection() as cnx:
            cursor = cnx.cursor()
            query = """INSERT INTO city (city_id, city_name) VALUES (%s, %s)"""
            cursor.execute(query, (city.city_id, city.city_name))
            cnx.commit()
            cursor.close()
        city_map[city.city_id] = city
        return city

    def add_student(self, student, student_map):
        with self.cnxpool.get_connection() as cnx:
            cursor = cnx.cursor()
            query = """INSERT INTO student (student_id, name, fk_city_of_residence) VALUES (%s, %s, %s)"""
            cursor.execute(query, (student.student_id, student.name,
                                   student.city_of_residence.city_id))
            cnx.commit()
            cursor.close()
        student.city_of_residence.add_student(student)
        student_map[student.student_id] = student
        return student

    def get_cities(self, city_map):
        with self.cnxpool.get_connection() as cnx:
            cursor = cnx.cursor(dictionary=True)
            query = """SELECT city_id, city_name FROM city ORDER BY city_id"""
            cursor.execute(query)
            result = []
            for row in cursor:
                if row["city_id"] not in city_map:
                    city_map[row["city_id"]] = City(row["city_id"], row["city_name"])
                result.append(city_map[row["city_id"]])
            cursor.close()
        return result

    def get_students(self, city_map, student_map):
        with self.cnxpool.get_connection() as cnx:
            cursor = cnx.cursor(dictionary=True)
            query = """SELECT s.student_id, s.name, c.city_id, c.city_name FROM student s JOIN city c ON c.city_id = s.fk_city_of_residence ORDER BY s.student_id"""
            cursor.execute(query)
            result = []
            for row in cursor:
                if row["city_id"] not in city_map:
                    city_map[row["city_id"]] = City(row["city_id"], row["city_name"])
                city = city_map[row["city_id"]]
                if row["student_id"] not in student_map:
                    student = Student(row["student_id"], row["name"], city)
                    city.add_student(student)
                    student_map[row["student_id"]] = student
                result.append(student_map[row["student_id"]])
            cursor.close()
        return result
